package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a connection is allowed by a set of NetworkPolicies, with the semantics of the
 * Kubernetes API (networking.k8s.io/v1):
 *
 * <ul>
 *   <li>A connection needs the source pod's egress and the destination pod's ingress to allow it.
 *   <li>A pod not selected by any policy of a direction (in its own namespace) is not isolated for
 *       it: everything is allowed. Endpoints outside the cluster have no policies.
 *   <li>A selected pod allows what the union of the selecting policies' rules allows.
 *   <li>{@code policyTypes}, when absent, is Ingress, plus Egress when there are egress rules.
 *   <li>A rule with no peers matches every peer; with no ports, every port.
 *   <li>A peer with only {@code podSelector} means pods in the policy's namespace; with {@code
 *       namespaceSelector}, pods (matching the optional pod selector) in matching namespaces;
 *       {@code ipBlock} matches addresses in {@code cidr} and not in {@code except}. Pod addresses
 *       are matched by ipBlock too, the stricter reading for a test.
 *   <li>A port without protocol is TCP; without number, every port; {@code endPort} makes a range.
 * </ul>
 */
final class NetworkPolicyEvaluator {

  /** A namespace and its labels (Kubernetes adds {@code kubernetes.io/metadata.name}). */
  record Namespace(String name, Map<String, String> labels) {
    static Namespace named(String name) {
      return new Namespace(name, Map.of(SystemTopology.NAMESPACE_NAME_LABEL, name));
    }
  }

  /** Something that opens or accepts connections. */
  sealed interface Endpoint {
    String name();

    String ip();
  }

  record Pod(String name, Namespace namespace, Map<String, String> labels, String ip)
      implements Endpoint {}

  /** An address outside the pod network: the internet, the API server, a node. */
  record External(String name, String ip) implements Endpoint {}

  private final List<NetworkPolicy> policies;

  NetworkPolicyEvaluator(List<NetworkPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  boolean allows(Endpoint from, Endpoint to, Port port) {
    boolean egress = !(from instanceof Pod pod) || egressAllows(pod, to, port);
    boolean ingress = !(to instanceof Pod pod) || ingressAllows(from, pod, port);
    return egress && ingress;
  }

  boolean egressAllows(Pod from, Endpoint to, Port port) {
    List<NetworkPolicy> selecting = selecting(from, "Egress");
    if (selecting.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : selecting) {
      for (var rule : policy.getSpec().getEgress()) {
        if (peersMatch(policy, rule.getTo(), to) && portsMatch(rule.getPorts(), port)) {
          return true;
        }
      }
    }
    return false;
  }

  boolean ingressAllows(Endpoint from, Pod to, Port port) {
    List<NetworkPolicy> selecting = selecting(to, "Ingress");
    if (selecting.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : selecting) {
      for (var rule : policy.getSpec().getIngress()) {
        if (peersMatch(policy, rule.getFrom(), from) && portsMatch(rule.getPorts(), port)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The policies in the pod's namespace that select it and have {@code type}. */
  private List<NetworkPolicy> selecting(Pod pod, String type) {
    List<NetworkPolicy> selecting = new ArrayList<>();
    for (NetworkPolicy policy : policies) {
      if (policy.getMetadata().getNamespace().equals(pod.namespace().name())
          && types(policy).contains(type)
          && matches(
              required(policy.getSpec().getPodSelector(), "spec.podSelector"), pod.labels())) {
        selecting.add(policy);
      }
    }
    return selecting;
  }

  static List<String> types(NetworkPolicy policy) {
    List<String> declared = policy.getSpec().getPolicyTypes();
    if (declared != null && !declared.isEmpty()) {
      return declared;
    }
    List<String> implied = new ArrayList<>(List.of("Ingress"));
    if (policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()) {
      implied.add("Egress");
    }
    return implied;
  }

  private static boolean peersMatch(
      NetworkPolicy policy, List<NetworkPolicyPeer> peers, Endpoint endpoint) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    return peers.stream().anyMatch(peer -> peerMatches(policy, peer, endpoint));
  }

  static boolean peerMatches(NetworkPolicy policy, NetworkPolicyPeer peer, Endpoint endpoint) {
    if (peer.getIpBlock() != null) {
      if (peer.getPodSelector() != null || peer.getNamespaceSelector() != null) {
        throw new IllegalArgumentException("a peer with ipBlock may not have selectors: " + peer);
      }
      return inBlock(peer.getIpBlock(), endpoint.ip());
    }
    if (peer.getPodSelector() == null && peer.getNamespaceSelector() == null) {
      throw new IllegalArgumentException("a peer needs a selector or an ipBlock: " + peer);
    }
    if (!(endpoint instanceof Pod pod)) {
      return false;
    }
    boolean namespaceMatches =
        peer.getNamespaceSelector() == null
            ? pod.namespace().name().equals(policy.getMetadata().getNamespace())
            : matches(peer.getNamespaceSelector(), pod.namespace().labels());
    boolean podMatches =
        peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
    return namespaceMatches && podMatches;
  }

  private static boolean inBlock(IPBlock block, String ip) {
    if (!contains(Cidr.parse(block.getCidr()), ip)) {
      return false;
    }
    return block.getExcept() == null
        || block.getExcept().stream().noneMatch(except -> contains(Cidr.parse(except), ip));
  }

  static boolean contains(Cidr cidr, String ip) {
    byte[] network = Cidr.bytes(cidr.address());
    byte[] address = Cidr.bytes(ip);
    if (network.length != address.length) {
      return false;
    }
    for (int bit = 0; bit < cidr.prefixLength(); bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((network[bit / 8] & mask) != (address[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  static boolean portsMatch(List<NetworkPolicyPort> ports, Port port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    return ports.stream().anyMatch(p -> portMatches(p, port));
  }

  private static boolean portMatches(NetworkPolicyPort rule, Port port) {
    String protocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
    if (!protocol.equals(port.protocol().name())) {
      return false;
    }
    IntOrString number = rule.getPort();
    if (number == null) {
      return true;
    }
    if (number.getIntVal() == null) {
      throw new IllegalArgumentException("named ports are not supported here: " + rule);
    }
    int first = number.getIntVal();
    int last = rule.getEndPort() == null ? first : rule.getEndPort();
    return port.number() >= first && port.number() <= last;
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null) {
      for (var entry : selector.getMatchLabels().entrySet()) {
        if (!entry.getValue().equals(labels.get(entry.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        if (!matches(requirement, labels)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    return switch (requirement.getOperator()) {
      case "In" -> value != null && requirement.getValues().contains(value);
      case "NotIn" -> value == null || !requirement.getValues().contains(value);
      case "Exists" -> labels.containsKey(requirement.getKey());
      case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
      default ->
          throw new IllegalArgumentException("unknown operator " + requirement.getOperator());
    };
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }
}
