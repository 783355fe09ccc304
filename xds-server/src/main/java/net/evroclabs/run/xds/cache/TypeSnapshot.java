package net.evroclabs.run.xds.cache;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of one type for one node group, with a version for the type and one per resource.
 * Versions change only when content changes: {@link #next} keeps this very snapshot when nothing
 * differs, and keeps a resource's version (and instance) when an equal resource comes again.
 *
 * @param type the resource type
 * @param version the type's version, {@code <epoch>-<sequence of its last change>}
 * @param ordered the resources in translation order
 * @param byName the same resources by name
 * @param resourceVersions each resource's version, by name
 */
public record TypeSnapshot(
    XdsType type,
    String version,
    List<Message> ordered,
    Map<String, Message> byName,
    Map<String, String> resourceVersions) {

  /** A type with no resources yet, at {@code version}. */
  public static TypeSnapshot empty(XdsType type, String version) {
    return new TypeSnapshot(type, version, List.of(), Map.of(), Map.of());
  }

  /**
   * The snapshot after this one for {@code resources}; {@code this} when they are the same.
   *
   * @param changeVersion the version of a resource (and the type) that changed now
   */
  public TypeSnapshot next(List<? extends Message> resources, String changeVersion) {
    if (sameInstances(resources)) {
      return this;
    }
    int n = resources.size();
    List<Message> list = new ArrayList<>(n);
    Map<String, Message> names = HashMap.newHashMap(n);
    Map<String, String> versions = HashMap.newHashMap(n);
    boolean changed = n != ordered.size();
    for (Message fresh : resources) {
      String name = Resources.getResourceName(fresh);
      Message old = byName.get(name);
      Message kept = fresh;
      String v = changeVersion;
      if (old != null && (old == fresh || old.equals(fresh))) {
        kept = old;
        v = resourceVersions.get(name);
      } else {
        changed = true;
      }
      list.add(kept);
      names.put(name, kept);
      versions.put(name, v);
    }
    if (!changed && names.keySet().equals(byName.keySet())) {
      return this;
    }
    return new TypeSnapshot(
        type,
        changeVersion,
        Collections.unmodifiableList(list),
        Collections.unmodifiableMap(names),
        Collections.unmodifiableMap(versions));
  }

  /** The resources named, in request order, skipping names this snapshot does not have. */
  public List<Message> named(List<String> names) {
    List<Message> out = new ArrayList<>(names.size());
    for (String name : names) {
      Message m = byName.get(name);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** Serialized bytes of all resources (sizes are memoized by protobuf). */
  public long serializedSize() {
    long size = 0;
    for (Message m : ordered) {
      size += m.getSerializedSize();
    }
    return size;
  }

  private boolean sameInstances(List<? extends Message> resources) {
    if (resources.size() != ordered.size()) {
      return false;
    }
    for (int i = 0; i < resources.size(); i++) {
      if (resources.get(i) != ordered.get(i)) {
        return false;
      }
    }
    return true;
  }
}
