package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/** Isolates every pod of the system namespace for ingress and egress, with no rule. */
public final class SystemDefaultDeny {

  public static final String NAME = "run-system-deny-all";

  private SystemDefaultDeny() {}

  public static NetworkPolicy build(SystemTopology system) {
    return new NetworkPolicyBuilder()
        .withMetadata(PolicyParts.metadata(NAME, system.namespace(), PolicyParts.SCOPE_SYSTEM))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes(PolicyParts.INGRESS, PolicyParts.EGRESS)
        .endSpec()
        .build();
  }
}
