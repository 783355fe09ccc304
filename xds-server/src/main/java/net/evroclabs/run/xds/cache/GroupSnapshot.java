package net.evroclabs.run.xds.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;

/**
 * What one node group is served: a snapshot per resource type.
 *
 * @param group the node group
 * @param sequence the build that produced it
 * @param types one snapshot per type
 */
public record GroupSnapshot(NodeGroup group, long sequence, Map<XdsType, TypeSnapshot> types) {

  public GroupSnapshot {
    Objects.requireNonNull(group, "group must be set");
    EnumMap<XdsType, TypeSnapshot> copy = new EnumMap<>(XdsType.class);
    copy.putAll(types);
    for (XdsType t : XdsType.values()) {
      Objects.requireNonNull(copy.get(t), "snapshot of type " + t + " must be set");
    }
    types = copy;
  }

  /** A group with nothing in it, before the first build. */
  public static GroupSnapshot empty(NodeGroup group, Versions versions) {
    Map<XdsType, TypeSnapshot> types = new EnumMap<>(XdsType.class);
    for (XdsType t : XdsType.values()) {
      types.put(t, TypeSnapshot.empty(t, versions.of(0)));
    }
    return new GroupSnapshot(group, 0, types);
  }

  public TypeSnapshot type(XdsType type) {
    return types.get(type);
  }

  /** The snapshot after this one for {@code resources} built as build {@code sequence}. */
  public GroupSnapshot next(GroupResources resources, long sequence, Versions versions) {
    String v = versions.of(sequence);
    Map<XdsType, TypeSnapshot> next = new EnumMap<>(XdsType.class);
    next.put(XdsType.CLUSTERS, type(XdsType.CLUSTERS).next(resources.clusters(), v));
    next.put(XdsType.ENDPOINTS, type(XdsType.ENDPOINTS).next(resources.endpoints(), v));
    next.put(XdsType.LISTENERS, type(XdsType.LISTENERS).next(resources.listeners(), v));
    next.put(XdsType.ROUTES, type(XdsType.ROUTES).next(resources.routes(), v));
    next.put(XdsType.SECRETS, type(XdsType.SECRETS).next(resources.secrets(), v));
    boolean same = true;
    for (XdsType t : XdsType.values()) {
      same &= next.get(t) == types.get(t);
    }
    return same ? this : new GroupSnapshot(group, sequence, next);
  }
}
