package net.evroclabs.run.networkpolicy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the isolation policies are generated from, resolved before the call.
 *
 * @param system the platform's own pods and the cluster services they use
 * @param tenants every namespace that holds a Service, each once
 */
public record IsolationInput(SystemTopology system, List<TenantNamespace> tenants) {

  public IsolationInput {
    Checks.present("system", system);
    Checks.present("tenants", tenants);
    Set<String> seen = new HashSet<>();
    for (TenantNamespace tenant : tenants) {
      Checks.present("a tenant namespace", tenant);
      if (tenant.name().equals(system.namespace())) {
        throw new IllegalArgumentException(
            "tenant namespace = \""
                + tenant.name()
                + "\" is the system namespace; Services cannot run in "
                + system.namespace());
      }
      if (!seen.add(tenant.name())) {
        throw new IllegalArgumentException(
            "tenant namespace = \"" + tenant.name() + "\" is listed twice; list each once");
      }
    }
    tenants = List.copyOf(tenants);
  }
}
