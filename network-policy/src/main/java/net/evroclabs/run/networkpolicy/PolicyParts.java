package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The selectors, peers, ports and metadata the policy builders are made of. */
public final class PolicyParts {

  /** Label on every workload pod, holding its Revision's name (same key as the api module's). */
  public static final String REVISION_LABEL = "run.evroclabs.net/revision";

  /** Label on every generated policy; with {@link #MANAGER} it selects what may be pruned. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "evroc-run";

  /** {@value #SCOPE_TENANT} or {@value #SCOPE_SYSTEM}, on every generated policy. */
  public static final String SCOPE_LABEL = "run.evroclabs.net/policy-scope";

  public static final String SCOPE_TENANT = "tenant";
  public static final String SCOPE_SYSTEM = "system";

  public static final String INGRESS = "Ingress";
  public static final String EGRESS = "Egress";

  private PolicyParts() {}

  static ObjectMeta metadata(String name, String namespace, String scope) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(new TreeMap<>(Map.of(MANAGED_BY_LABEL, MANAGER, SCOPE_LABEL, scope)))
        .build();
  }

  /** Selects by exact labels; an empty map selects everything. */
  static LabelSelector labels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(labels)).build();
  }

  /** Every pod that belongs to some revision. */
  static LabelSelector workloadPods() {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(REVISION_LABEL)
        .withOperator("Exists")
        .endMatchExpression()
        .build();
  }

  /** The pods of one revision. */
  static LabelSelector revisionPods(String revision) {
    return labels(Map.of(REVISION_LABEL, revision));
  }

  /** The namespace called {@code name}. */
  static LabelSelector namespaceNamed(String name) {
    return labels(Map.of(SystemTopology.NAMESPACE_NAME_LABEL, name));
  }

  /** A component's pods, seen from a policy in the system namespace itself. */
  static NetworkPolicyPeer sameNamespace(Component component) {
    return new NetworkPolicyPeerBuilder().withPodSelector(labels(component.podLabels())).build();
  }

  /** A component's pods, seen from a policy in another namespace. */
  static NetworkPolicyPeer systemComponent(SystemTopology system, Component component) {
    return systemComponent(system.namespace(), component);
  }

  static NetworkPolicyPeer systemComponent(String systemNamespace, Component component) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(namespaceNamed(systemNamespace))
        .withPodSelector(labels(component.podLabels()))
        .build();
  }

  /** Workload pods in every namespace. */
  static NetworkPolicyPeer workloadsAnywhere() {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelector())
        .withPodSelector(workloadPods())
        .build();
  }

  static NetworkPolicyPeer remote(RemotePods pods) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(labels(pods.namespaceLabels()))
        .withPodSelector(labels(pods.podLabels()))
        .build();
  }

  /** Every pod in the namespaces with these labels. */
  static NetworkPolicyPeer namespaces(Map<String, String> namespaceLabels) {
    return new NetworkPolicyPeerBuilder().withNamespaceSelector(labels(namespaceLabels)).build();
  }

  static NetworkPolicyPeer ipBlock(Cidr cidr) {
    return new NetworkPolicyPeerBuilder()
        .withNewIpBlock()
        .withCidr(cidr.toString())
        .endIpBlock()
        .build();
  }

  static NetworkPolicyPort tcp(int port) {
    return port(Port.tcp(port));
  }

  static List<NetworkPolicyPort> tcp(List<Integer> ports) {
    return ports.stream().map(PolicyParts::tcp).toList();
  }

  static NetworkPolicyPort port(Port port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(port.protocol().name())
        .withPort(new IntOrString(port.number()))
        .build();
  }

  static List<NetworkPolicyPort> ports(List<Port> ports) {
    return ports.stream().map(PolicyParts::port).toList();
  }
}
