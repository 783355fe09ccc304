package net.evroclabs.run.xds.cache;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The resources of one type for one node group, with a version for the type and one per resource.
 * Versions change only when content changes: {@link #next} keeps this very snapshot when nothing
 * differs, and keeps a resource's version (and instance) when an equal resource comes again.
 *
 * <p>A change that keeps every resource in its slot (the translator's way when a service changes
 * without gaining or losing resources) costs two array copies and work proportional to the changed
 * slots: the name-to-slot index is shared with the previous snapshot. Each snapshot also remembers
 * which names the last {@value #RECENT_CHANGES} snapshots of its line changed or removed, so that a
 * stream holding an earlier snapshot is brought up to date with work proportional to the change
 * ({@link #changedSince}), not to every resource. Immutable.
 */
public final class TypeSnapshot {

  /** How many changes back {@link #changedSince} can answer. */
  static final int RECENT_CHANGES = 64;

  /**
   * A change of more names than this is remembered as "everything", which makes streams compare
   * every name once; it also bounds the memory the recent changes take.
   */
  static final int MAX_REMEMBERED_NAMES = 1024;

  /**
   * The names the snapshot at {@code sequence} changed or removed from the snapshot at {@code
   * previousVersion}; {@code names} is null when there were too many to remember.
   */
  public record NameChanges(long sequence, String previousVersion, Set<String> names) {}

  private final XdsType type;
  private final String version;
  private final Message[] resources;
  private final String[] versions;
  private final Map<String, Integer> slots;
  private final long sequence;
  private final List<NameChanges> recent;
  private final List<? extends Message> source;
  private final long serializedSize;
  private final List<Message> ordered;

  private TypeSnapshot(
      XdsType type,
      String version,
      Message[] resources,
      String[] versions,
      Map<String, Integer> slots,
      long sequence,
      List<NameChanges> recent,
      List<? extends Message> source,
      long serializedSize) {
    this.type = type;
    this.version = version;
    this.resources = resources;
    this.versions = versions;
    this.slots = slots;
    this.sequence = sequence;
    this.recent = recent;
    this.source = source;
    this.serializedSize = serializedSize;
    this.ordered = Collections.unmodifiableList(Arrays.asList(resources));
  }

  /** A type with no resources yet, at {@code version}. */
  public static TypeSnapshot empty(XdsType type, String version) {
    return new TypeSnapshot(
        type, version, new Message[0], new String[0], Map.of(), 0, List.of(), List.of(), 0);
  }

  public XdsType type() {
    return type;
  }

  /** The type's version, {@code <epoch>-<sequence of its last change>}. */
  public String version() {
    return version;
  }

  /** Position in this type's line of snapshots: 0 for the empty one, +1 per change. */
  public long sequence() {
    return sequence;
  }

  /** The resources in translation order. */
  public List<Message> ordered() {
    return ordered;
  }

  /** The resource named {@code name}, or null. */
  public Message resource(String name) {
    Integer slot = slots.get(name);
    return slot == null ? null : resources[slot];
  }

  /** The version of the resource named {@code name}, or null when there is none. */
  public String versionOf(String name) {
    Integer slot = slots.get(name);
    return slot == null ? null : versions[slot];
  }

  /** The resources by name (a view). */
  public Map<String, Message> byName() {
    return new SlotView<>(i -> resources[i]);
  }

  /** Each resource's version by name (a view). */
  public Map<String, String> resourceVersions() {
    return new SlotView<>(i -> versions[i]);
  }

  /** Serialized bytes of all resources. */
  public long serializedSize() {
    return serializedSize;
  }

  /**
   * The snapshot after this one for {@code resources}; {@code this} when they are the same.
   *
   * @param changeVersion the version of a resource (and the type) that changed now
   */
  public TypeSnapshot next(List<? extends Message> resources, String changeVersion) {
    if (resources == source || sameInstances(resources)) {
      return this;
    }
    if (resources.size() == this.resources.length) {
      TypeSnapshot patched = patched(resources, changeVersion);
      if (patched != null) {
        return patched;
      }
    }
    int n = resources.size();
    Message[] nextResources = new Message[n];
    String[] nextVersions = new String[n];
    Map<String, Integer> nextSlots = HashMap.newHashMap(n);
    Set<String> changedNames = new HashSet<>();
    boolean allKnown = true;
    long size = 0;
    for (int i = 0; i < n; i++) {
      Message fresh = resources.get(i);
      String name = Resources.getResourceName(fresh);
      Message old = resource(name);
      Message kept = fresh;
      String v = changeVersion;
      allKnown &= old != null;
      if (old != null && (old == fresh || old.equals(fresh))) {
        kept = old;
        v = versionOf(name);
      } else {
        remember(changedNames, name);
      }
      nextResources[i] = kept;
      nextVersions[i] = v;
      nextSlots.put(name, i);
      size += kept.getSerializedSize();
    }
    if (!allKnown || nextSlots.size() != slots.size()) {
      for (String name : slots.keySet()) {
        if (!nextSlots.containsKey(name)) {
          remember(changedNames, name);
        }
      }
    }
    if (changedNames.isEmpty()) {
      return this;
    }
    return successor(
        nextResources,
        nextVersions,
        Collections.unmodifiableMap(nextSlots),
        changedNames,
        changeVersion,
        resources,
        size);
  }

  /**
   * A change that keeps every resource in its slot: only the slots holding another instance are
   * looked at. Null when a slot holds a resource of another name, which needs the general path.
   */
  private TypeSnapshot patched(List<? extends Message> fresh, String changeVersion) {
    Message[] nextResources = null;
    String[] nextVersions = null;
    Set<String> changedNames = new HashSet<>();
    long size = serializedSize;
    for (int i = 0; i < resources.length; i++) {
      Message now = fresh.get(i);
      Message old = resources[i];
      if (now == old) {
        continue;
      }
      String name = Resources.getResourceName(now);
      if (!name.equals(Resources.getResourceName(old))) {
        return null;
      }
      if (old.equals(now)) {
        continue;
      }
      if (nextResources == null) {
        nextResources = resources.clone();
        nextVersions = versions.clone();
      }
      nextResources[i] = now;
      nextVersions[i] = changeVersion;
      size += now.getSerializedSize() - old.getSerializedSize();
      remember(changedNames, name);
    }
    if (nextResources == null) {
      return this;
    }
    return successor(nextResources, nextVersions, slots, changedNames, changeVersion, fresh, size);
  }

  private static void remember(Set<String> changedNames, String name) {
    if (changedNames.size() <= MAX_REMEMBERED_NAMES) {
      changedNames.add(name);
    }
  }

  private TypeSnapshot successor(
      Message[] nextResources,
      String[] nextVersions,
      Map<String, Integer> nextSlots,
      Set<String> changedNames,
      String changeVersion,
      List<? extends Message> from,
      long size) {
    long seq = sequence + 1;
    Set<String> remembered =
        changedNames.size() > MAX_REMEMBERED_NAMES
            ? null
            : Collections.unmodifiableSet(changedNames);
    NameChanges[] nextRecent = new NameChanges[Math.min(recent.size() + 1, RECENT_CHANGES)];
    int keep = nextRecent.length - 1;
    for (int i = 0; i < keep; i++) {
      nextRecent[i] = recent.get(recent.size() - keep + i);
    }
    nextRecent[keep] = new NameChanges(seq, version, remembered);
    return new TypeSnapshot(
        type,
        changeVersion,
        nextResources,
        nextVersions,
        nextSlots,
        seq,
        List.of(nextRecent),
        from,
        size);
  }

  /**
   * The names whose resource differs between {@code earlier} (a snapshot of the same line) and this
   * one: changed, added or removed. Empty when they are the same snapshot; empty optional when the
   * difference is not known (too far back, too large, or another line), so every name has to be
   * compared.
   */
  public Optional<Set<String>> changedSince(TypeSnapshot earlier) {
    if (earlier == this) {
      return Optional.of(Set.of());
    }
    if (earlier.type != type || earlier.sequence >= sequence || recent.isEmpty()) {
      return Optional.empty();
    }
    int first = recent.size() - (int) (sequence - earlier.sequence);
    if (first < 0
        || recent.get(first).sequence() != earlier.sequence + 1
        || !recent.get(first).previousVersion().equals(earlier.version)) {
      return Optional.empty();
    }
    if (first == recent.size() - 1) {
      return Optional.ofNullable(recent.get(first).names());
    }
    Set<String> union = new HashSet<>();
    for (int i = first; i < recent.size(); i++) {
      Set<String> names = recent.get(i).names();
      if (names == null) {
        return Optional.empty();
      }
      union.addAll(names);
    }
    return Optional.of(union);
  }

  /** The resources named, in request order, skipping names this snapshot does not have. */
  public List<Message> named(List<String> names) {
    List<Message> out = new java.util.ArrayList<>(names.size());
    for (String name : names) {
      Message m = resource(name);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  private boolean sameInstances(List<? extends Message> fresh) {
    if (fresh.size() != resources.length) {
      return false;
    }
    for (int i = 0; i < resources.length; i++) {
      if (fresh.get(i) != resources[i]) {
        return false;
      }
    }
    return true;
  }

  /** A read-only map by name over one of the per-slot arrays. */
  private final class SlotView<V> extends AbstractMap<String, V> {

    private final IntFunction<V> value;

    SlotView(IntFunction<V> value) {
      this.value = value;
    }

    @Override
    public V get(Object key) {
      Integer slot = slots.get(key);
      return slot == null ? null : value.apply(slot);
    }

    @Override
    public boolean containsKey(Object key) {
      return slots.containsKey(key);
    }

    @Override
    public int size() {
      return slots.size();
    }

    @Override
    public Set<String> keySet() {
      return Collections.unmodifiableSet(slots.keySet());
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, V>> iterator() {
          Iterator<Entry<String, Integer>> it = slots.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Entry<String, V> next() {
              Entry<String, Integer> e = it.next();
              return Map.entry(e.getKey(), value.apply(e.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return slots.size();
        }
      };
    }
  }
}
