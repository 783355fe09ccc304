package net.evroclabs.run.envoy.translate;

/** The xDS node groups ({@code node.cluster}) that receive different views of the routing model. */
public enum NodeGroup {
  /** Envoy gateways: listeners, per-service routes, clusters, endpoints (activator when cold). */
  GATEWAY("gateway"),
  /** The activator: the revisions' clusters with their real pod endpoints, possibly empty. */
  ACTIVATOR("activator"),
  /** gRPC clients with an xDS resolver: an API listener per host and the gateway's routes. */
  PROXYLESS("proxyless");

  private final String nodeCluster;

  NodeGroup(String nodeCluster) {
    this.nodeCluster = nodeCluster;
  }

  /** The value of {@code node.cluster} that selects this group. */
  public String nodeCluster() {
    return nodeCluster;
  }

  /** The group of a node, by its {@code node.cluster}; the error names the value. */
  public static NodeGroup ofNodeCluster(String nodeCluster) {
    for (NodeGroup g : values()) {
      if (g.nodeCluster.equals(nodeCluster)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "node.cluster = '" + nodeCluster + "', must be gateway, activator or proxyless");
  }
}
