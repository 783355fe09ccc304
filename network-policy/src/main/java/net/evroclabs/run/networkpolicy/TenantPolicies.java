package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The complete set of policies for one tenant namespace: {@link WorkloadDefaultDeny} plus one
 * {@link RevisionIngress} per revision. The controller applies exactly this set and prunes other
 * policies labelled {@code app.kubernetes.io/managed-by: evroc-run} in the namespace.
 */
public final class TenantPolicies {

  private TenantPolicies() {}

  /** Sorted by name, so equal inputs give equal lists. */
  public static List<NetworkPolicy> build(SystemTopology system, TenantNamespace tenant) {
    return build(TenantSources.of(system), tenant);
  }

  /** Sorted by name, so equal inputs give equal lists. */
  public static List<NetworkPolicy> build(TenantSources sources, TenantNamespace tenant) {
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(WorkloadDefaultDeny.build(tenant.name()));
    for (RevisionPort revision : tenant.revisions()) {
      policies.add(RevisionIngress.build(sources, tenant.name(), revision));
    }
    policies.sort(Comparator.comparing(p -> p.getMetadata().getName()));
    return List.copyOf(policies);
  }
}
