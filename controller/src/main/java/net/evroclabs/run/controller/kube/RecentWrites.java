package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import net.evroclabs.run.controller.ResourceKey;

/**
 * This process's own writes that its watch may not have delivered yet, so that reads see them at
 * once. A read gets whichever of the written and the cached object is newer. Resource versions are
 * compared as the numbers the API server (etcd) issues; when they are not numbers, the cache wins.
 * Entries end when the cache catches up, or after {@code ttl}.
 */
final class RecentWrites<T extends HasMetadata> {

  private record Entry<T>(T object, long version, long writtenAtNanos) {}

  private final Duration ttl;
  private final LongSupplier nanoTime;
  private final Map<ResourceKey, Entry<T>> entries = new ConcurrentHashMap<>();
  private volatile long lastSweepNanos;

  RecentWrites(Duration ttl, LongSupplier nanoTime) {
    this.ttl = ttl;
    this.nanoTime = nanoTime;
    this.lastSweepNanos = nanoTime.getAsLong();
  }

  void put(T object) {
    long version = version(object);
    long now = nanoTime.getAsLong();
    if (version >= 0) {
      entries.put(KubeInformers.key(object), new Entry<>(object, version, now));
    }
    if (now - lastSweepNanos > ttl.toNanos()) {
      lastSweepNanos = now;
      entries.values().removeIf(e -> now - e.writtenAtNanos() > ttl.toNanos());
    }
  }

  void forget(ResourceKey key) {
    entries.remove(key);
  }

  /** The newer of {@code cached} (may be null) and this process's last write of {@code key}. */
  T newest(ResourceKey key, T cached) {
    Entry<T> e = entries.get(key);
    if (e == null) {
      return cached;
    }
    boolean expired = nanoTime.getAsLong() - e.writtenAtNanos() > ttl.toNanos();
    if (expired || (cached != null && version(cached) >= e.version())) {
      entries.remove(key, e);
      return cached;
    }
    return e.object();
  }

  /** Written objects the cache may not hold yet. */
  List<T> pending() {
    long now = nanoTime.getAsLong();
    List<T> out = new ArrayList<>();
    for (Entry<T> e : entries.values()) {
      if (now - e.writtenAtNanos() <= ttl.toNanos()) {
        out.add(e.object());
      }
    }
    return out;
  }

  /** How many writes are remembered. */
  int size() {
    return entries.size();
  }

  static long version(HasMetadata o) {
    String rv = o.getMetadata().getResourceVersion();
    if (rv == null || rv.isEmpty() || rv.length() > 18) {
      return -1;
    }
    for (int i = 0; i < rv.length(); i++) {
      if (!Character.isDigit(rv.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(rv);
  }
}
