package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import net.evroclabs.run.controller.ResourceKey;

/**
 * This process's own writes that its watch has not delivered yet, so that reads see them at once.
 * An entry ends when the watch delivers that very version, or after {@code ttl} in case the watch
 * skipped it (a relist); a stale entry costs at most one write conflict.
 */
final class RecentWrites<T extends HasMetadata> {

  private record Entry<T>(T object, long writtenAtNanos) {}

  private final Class<T> type;
  private final Duration ttl;
  private final LongSupplier nanoTime;
  private final Map<ResourceKey, Entry<T>> entries = new ConcurrentHashMap<>();

  RecentWrites(Class<T> type, Duration ttl, LongSupplier nanoTime) {
    this.type = type;
    this.ttl = ttl;
    this.nanoTime = nanoTime;
  }

  void put(T object) {
    entries.put(KubeInformers.key(object), new Entry<>(object, nanoTime.getAsLong()));
  }

  void forget(ResourceKey key) {
    entries.remove(key);
  }

  /** The written object, if it is still ahead of the watch. */
  T get(ResourceKey key) {
    Entry<T> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (nanoTime.getAsLong() - e.writtenAtNanos() > ttl.toNanos()) {
      entries.remove(key, e);
      return null;
    }
    return e.object();
  }

  /** Every written object still ahead of the watch. */
  List<T> all() {
    List<T> out = new ArrayList<>();
    for (ResourceKey key : entries.keySet()) {
      T t = get(key);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** The watch delivered {@code o}: the entry of that version ends. */
  void delivered(HasMetadata o) {
    if (!type.isInstance(o)) {
      return;
    }
    ResourceKey key = KubeInformers.key(o);
    Entry<T> e = entries.get(key);
    if (e != null
        && Objects.equals(
            e.object().getMetadata().getResourceVersion(), o.getMetadata().getResourceVersion())) {
      entries.remove(key, e);
    }
  }
}
