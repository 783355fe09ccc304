package net.evroclabs.run.envoy.translate;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The resources of every node group, as translated from one routing model. */
public record EnvoyConfig(Map<NodeGroup, GroupResources> groups) {

  public EnvoyConfig {
    Objects.requireNonNull(groups, "groups must be set");
    for (NodeGroup g : NodeGroup.values()) {
      Objects.requireNonNull(groups.get(g), "resources of node group " + g.nodeCluster());
    }
    groups = Map.copyOf(new EnumMap<>(groups));
  }

  public GroupResources group(NodeGroup group) {
    return groups.get(group);
  }

  public GroupResources gateway() {
    return groups.get(NodeGroup.GATEWAY);
  }

  public GroupResources activator() {
    return groups.get(NodeGroup.ACTIVATOR);
  }

  public GroupResources proxyless() {
    return groups.get(NodeGroup.PROXYLESS);
  }
}
