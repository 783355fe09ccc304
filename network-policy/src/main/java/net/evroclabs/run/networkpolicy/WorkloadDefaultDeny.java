package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * Isolates every workload pod of a tenant namespace for ingress and egress, with no rule: no egress
 * is ever allowed to workloads, and ingress only by the per-revision policies.
 */
public final class WorkloadDefaultDeny {

  public static final String NAME = "run-workloads-deny-all";

  private WorkloadDefaultDeny() {}

  public static NetworkPolicy build(String namespace) {
    return new NetworkPolicyBuilder()
        .withMetadata(PolicyParts.metadata(NAME, namespace, PolicyParts.SCOPE_TENANT))
        .withNewSpec()
        .withPodSelector(PolicyParts.workloadPods())
        .withPolicyTypes(PolicyParts.INGRESS, PolicyParts.EGRESS)
        .endSpec()
        .build();
  }
}
