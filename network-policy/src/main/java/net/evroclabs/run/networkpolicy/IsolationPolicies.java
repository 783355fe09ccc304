package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every NetworkPolicy that makes the platform's network isolation true, for the whole cluster. */
public final class IsolationPolicies {

  private IsolationPolicies() {}

  /** System policies, then each tenant's; sorted by namespace, then name. */
  public static List<NetworkPolicy> build(IsolationInput input) {
    List<NetworkPolicy> policies = new ArrayList<>(SystemPolicies.build(input.system()));
    for (TenantNamespace tenant : input.tenants()) {
      policies.addAll(TenantPolicies.build(input.system(), tenant));
    }
    policies.sort(
        Comparator.comparing((NetworkPolicy p) -> p.getMetadata().getNamespace())
            .thenComparing(p -> p.getMetadata().getName()));
    return List.copyOf(policies);
  }
}
