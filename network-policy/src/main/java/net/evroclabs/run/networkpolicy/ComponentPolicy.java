package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;

/**
 * The rules every component policy shares: one policy per component named {@code run-<name>},
 * selecting its pods for ingress and egress, with metrics scraping from the monitoring namespaces
 * and DNS added to what the component itself needs.
 */
final class ComponentPolicy {

  private ComponentPolicy() {}

  static String name(Component component) {
    return "run-" + component.name();
  }

  static NetworkPolicy build(
      SystemTopology system,
      Component component,
      List<NetworkPolicyIngressRule> ingress,
      List<NetworkPolicyEgressRule> egress) {
    return new NetworkPolicyBuilder()
        .withMetadata(
            PolicyParts.metadata(name(component), system.namespace(), PolicyParts.SCOPE_SYSTEM))
        .withNewSpec()
        .withPodSelector(PolicyParts.labels(component.podLabels()))
        .withPolicyTypes(PolicyParts.INGRESS, PolicyParts.EGRESS)
        .addAllToIngress(ingress)
        .addToIngress(
            ingressFrom(
                List.of(PolicyParts.namespaces(system.monitoringNamespaceLabels())),
                List.of(PolicyParts.tcp(component.metricsPort()))))
        .addAllToEgress(egress)
        .addToEgress(
            egressTo(
                List.of(PolicyParts.remote(system.dns())), PolicyParts.ports(system.dns().ports())))
        .endSpec()
        .build();
  }

  /** From {@code peers} (every source when empty) on {@code ports}. */
  static NetworkPolicyIngressRule ingressFrom(
      List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    return new NetworkPolicyIngressRuleBuilder().withFrom(peers).withPorts(ports).build();
  }

  /** To {@code peers} on {@code ports} (every port when empty). */
  static NetworkPolicyEgressRule egressTo(
      List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    return new NetworkPolicyEgressRuleBuilder().withTo(peers).withPorts(ports).build();
  }
}
