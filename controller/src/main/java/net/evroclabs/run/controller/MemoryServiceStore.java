package net.evroclabs.run.controller;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;

/**
 * The controller's store where there is no API server (local mode, tests): Services are given whole
 * by their owner ({@link #upsertService}; in local mode, the watched files), Revisions and every
 * status live in memory. Reads return copies and status writes check the resource version, as the
 * API server does. Listeners hear of every change, after it is stored.
 */
public final class MemoryServiceStore implements ServiceStore, ChangeFeed {

  /** What changed: a Service or a Revision, present (upserted) or absent (deleted). */
  public interface Listener {
    void serviceChanged(ResourceKey key, Optional<Service> service);

    void revisionChanged(ResourceKey key, Optional<Revision> revision);
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::toString);

  private final Map<ResourceKey, Service> services = new TreeMap<>(ORDER);
  private final Map<ResourceKey, Revision> revisions = new TreeMap<>(ORDER);
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private long version;

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  @Override
  public void subscribe(Consumer<ResourceKey> onService, Consumer<ResourceKey> onRevision) {
    addListener(
        new Listener() {
          @Override
          public void serviceChanged(ResourceKey key, Optional<Service> service) {
            onService.accept(key);
          }

          @Override
          public void revisionChanged(ResourceKey key, Optional<Revision> revision) {
            onRevision.accept(key);
            // The owning service follows its revisions (readiness moves traffic), as the
            // informers do in a cluster.
            revision
                .map(r -> r.getMetadata().getLabels())
                .map(labels -> labels.get(Labels.SERVICE))
                .ifPresent(service -> onService.accept(new ResourceKey(key.namespace(), service)));
          }
        });
  }

  /**
   * Stores a Service as its owner wrote it: a new one at generation 1 (with a UID made from its
   * name when it has none), a changed spec or labels at the next generation (keeping its UID and
   * status), an unchanged one not at all.
   */
  public void upsertService(Service fromFile) {
    ResourceKey key = keyOf(fromFile);
    Service stored;
    synchronized (this) {
      Service existing = services.get(key);
      if (existing != null
          && JSON.valueToTree(existing.getSpec()).equals(JSON.valueToTree(fromFile.getSpec()))
          && Optional.ofNullable(existing.getMetadata().getLabels())
              .equals(Optional.ofNullable(fromFile.getMetadata().getLabels()))) {
        return;
      }
      stored = copy(fromFile);
      long generation =
          existing == null || existing.getMetadata().getGeneration() == null
              ? 1
              : existing.getMetadata().getGeneration() + 1;
      stored.getMetadata().setGeneration(generation);
      stored.getMetadata().setResourceVersion(nextVersion());
      if (existing != null) {
        stored.getMetadata().setUid(existing.getMetadata().getUid());
        stored.setStatus(existing.getStatus());
      } else if (stored.getMetadata().getUid() == null) {
        stored.getMetadata().setUid(uid(key.namespace(), "service/" + key.name()));
      }
      services.put(key, stored);
    }
    listeners.forEach(l -> l.serviceChanged(key, Optional.of(stored)));
  }

  /** Deletes a Service and its Revisions, as the API server's garbage collector would. */
  public void deleteService(String namespace, String name) {
    ResourceKey key = new ResourceKey(namespace, name);
    List<ResourceKey> owned = new ArrayList<>();
    synchronized (this) {
      if (services.remove(key) == null) {
        return;
      }
      for (Revision r : revisionsOf(key)) {
        ResourceKey rk = keyOf(r);
        revisions.remove(rk);
        owned.add(rk);
      }
    }
    listeners.forEach(l -> l.serviceChanged(key, Optional.empty()));
    for (ResourceKey rk : owned) {
      listeners.forEach(l -> l.revisionChanged(rk, Optional.empty()));
    }
  }

  /** Tells listeners a Revision's workload changed, as a Deployment status update would. */
  public void touchRevision(ResourceKey key) {
    Optional<Revision> r = revision(key);
    if (r.isPresent()) {
      listeners.forEach(l -> l.revisionChanged(key, r));
    }
  }

  @Override
  public synchronized Optional<Service> service(ResourceKey key) {
    return Optional.ofNullable(services.get(key)).map(MemoryServiceStore::copy);
  }

  @Override
  public Optional<Service> fetchService(ResourceKey key) {
    return service(key);
  }

  @Override
  public synchronized Optional<Revision> revision(ResourceKey key) {
    return Optional.ofNullable(revisions.get(key)).map(MemoryServiceStore::copy);
  }

  @Override
  public Optional<Revision> fetchRevision(ResourceKey key) {
    return revision(key);
  }

  @Override
  public synchronized List<Revision> revisionsOf(ResourceKey service) {
    List<Revision> out = new ArrayList<>();
    for (Revision r : revisions.values()) {
      Map<String, String> labels = r.getMetadata().getLabels();
      if (r.getMetadata().getNamespace().equals(service.namespace())
          && labels != null
          && service.name().equals(labels.get(Labels.SERVICE))) {
        out.add(copy(r));
      }
    }
    return out;
  }

  @Override
  public synchronized List<ResourceKey> serviceKeys() {
    return List.copyOf(services.keySet());
  }

  @Override
  public synchronized List<ResourceKey> revisionKeys() {
    return List.copyOf(revisions.keySet());
  }

  @Override
  public Created createRevision(Revision revision) {
    ResourceKey key = keyOf(revision);
    Revision stored;
    synchronized (this) {
      Revision existing = revisions.get(key);
      if (existing != null) {
        return new Created(copy(existing), false);
      }
      stored = copy(revision);
      stored.getMetadata().setResourceVersion(nextVersion());
      stored.getMetadata().setUid(uid(key.namespace(), "revision/" + key.name()));
      stored.getMetadata().setGeneration(1L);
      revisions.put(key, stored);
    }
    listeners.forEach(l -> l.revisionChanged(key, Optional.of(copy(stored))));
    return new Created(copy(stored), true);
  }

  @Override
  public void deleteRevision(ResourceKey key) {
    synchronized (this) {
      if (revisions.remove(key) == null) {
        return;
      }
    }
    listeners.forEach(l -> l.revisionChanged(key, Optional.empty()));
  }

  @Override
  public void updateStatus(Service service) {
    Service stored =
        writeStatus(
            services, keyOf(service), service, (to, from) -> to.setStatus(from.getStatus()));
    listeners.forEach(l -> l.serviceChanged(keyOf(stored), Optional.of(copy(stored))));
  }

  @Override
  public void updateStatus(Revision revision) {
    Revision stored =
        writeStatus(
            revisions, keyOf(revision), revision, (to, from) -> to.setStatus(from.getStatus()));
    listeners.forEach(l -> l.revisionChanged(keyOf(stored), Optional.of(copy(stored))));
  }

  /**
   * Stores {@code written}'s status on the stored object, as the status subresource does: only when
   * {@code written} carries the stored resource version.
   */
  private synchronized <T extends HasMetadata> T writeStatus(
      Map<ResourceKey, T> objects, ResourceKey key, T written, BiConsumer<T, T> copyStatus) {
    T current = objects.get(key);
    checkVersion(
        key,
        current == null ? null : current.getMetadata().getResourceVersion(),
        written.getMetadata().getResourceVersion());
    T stored = copy(current);
    copyStatus.accept(stored, copy(written));
    stored.getMetadata().setResourceVersion(nextVersion());
    objects.put(key, stored);
    return stored;
  }

  private static void checkVersion(ResourceKey key, String stored, String written) {
    if (stored == null || !stored.equals(written)) {
      throw new StaleResourceException(key, null);
    }
  }

  /** A UID that stays the same for the same name, as long as the object lives. */
  private static String uid(String namespace, String name) {
    return UUID.nameUUIDFromBytes(
            ("memory:" + namespace + "/" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private String nextVersion() {
    return Long.toString(++version);
  }

  private static ResourceKey keyOf(Service s) {
    return new ResourceKey(s.getMetadata().getNamespace(), s.getMetadata().getName());
  }

  private static ResourceKey keyOf(Revision r) {
    return new ResourceKey(r.getMetadata().getNamespace(), r.getMetadata().getName());
  }

  /** A deep copy, so that callers never share the stored objects (as with a real API server). */
  @SuppressWarnings("unchecked")
  private static <T> T copy(T object) {
    T c = (T) JSON.convertValue(object, object.getClass());
    if (c instanceof Service s && s.getMetadata() != null) {
      s.setMetadata(new ObjectMetaBuilder(s.getMetadata()).build());
    }
    return c;
  }
}
