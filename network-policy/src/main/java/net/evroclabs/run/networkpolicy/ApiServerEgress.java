package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * Lets one component reach the Kubernetes API server. Kept apart from the component's own policy
 * because it is the only cluster-specific part of the system policies: the API server's endpoint
 * addresses differ per cluster, everything else is the same everywhere.
 */
public final class ApiServerEgress {

  private ApiServerEgress() {}

  public static String name(Component component) {
    return "run-" + component.name() + "-to-api-server";
  }

  public static NetworkPolicy build(SystemTopology system, Component component) {
    return new NetworkPolicyBuilder()
        .withMetadata(
            PolicyParts.metadata(name(component), system.namespace(), PolicyParts.SCOPE_SYSTEM))
        .withNewSpec()
        .withPodSelector(PolicyParts.labels(component.podLabels()))
        .withPolicyTypes(PolicyParts.EGRESS)
        .addNewEgress()
        .withTo(system.apiServer().cidrs().stream().map(PolicyParts::ipBlock).toList())
        .withPorts(PolicyParts.tcp(system.apiServer().ports()))
        .endEgress()
        .endSpec()
        .build();
  }
}
