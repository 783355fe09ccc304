package net.evroclabs.run.controller.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.ServiceStore;
import net.evroclabs.run.controller.StaleResourceException;

/** A ServiceStore in memory with resource versions, conflicts and a way to inject them. */
final class InMemoryServiceStore implements ServiceStore {

  final Map<ResourceKey, Service> services =
      new TreeMap<>(java.util.Comparator.comparing(ResourceKey::toString));
  final Map<ResourceKey, Revision> revisions =
      new TreeMap<>(java.util.Comparator.comparing(ResourceKey::toString));
  final AtomicInteger statusWrites = new AtomicInteger();
  final AtomicInteger conflictsToInject = new AtomicInteger();
  private final AtomicLong version = new AtomicLong();
  private final AtomicLong uid = new AtomicLong();

  synchronized Service put(Service s) {
    s.getMetadata().setResourceVersion(String.valueOf(version.incrementAndGet()));
    if (s.getMetadata().getUid() == null) {
      s.getMetadata().setUid("uid-" + uid.incrementAndGet());
    }
    services.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
    return s;
  }

  private static ResourceKey key(String ns, String name) {
    return new ResourceKey(ns, name);
  }

  @Override
  public synchronized Optional<Service> service(ResourceKey key) {
    return Optional.ofNullable(services.get(key));
  }

  @Override
  public Optional<Service> fetchService(ResourceKey key) {
    return service(key);
  }

  @Override
  public synchronized Optional<Revision> revision(ResourceKey key) {
    return Optional.ofNullable(revisions.get(key));
  }

  @Override
  public Optional<Revision> fetchRevision(ResourceKey key) {
    return revision(key);
  }

  @Override
  public synchronized List<Revision> revisionsOf(ResourceKey service) {
    List<Revision> out = new ArrayList<>();
    for (Revision r : revisions.values()) {
      if (r.getMetadata().getNamespace().equals(service.namespace())
          && service.name().equals(r.getMetadata().getLabels().get(Labels.SERVICE))) {
        out.add(r);
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
  public synchronized Created createRevision(Revision revision) {
    ResourceKey key = key(revision.getMetadata().getNamespace(), revision.getMetadata().getName());
    Revision existing = revisions.get(key);
    if (existing != null) {
      return new Created(existing, false);
    }
    revision.getMetadata().setResourceVersion(String.valueOf(version.incrementAndGet()));
    revision.getMetadata().setUid("uid-" + uid.incrementAndGet());
    revision.getMetadata().setGeneration(1L);
    revisions.put(key, revision);
    return new Created(revision, true);
  }

  @Override
  public synchronized void deleteRevision(ResourceKey key) {
    revisions.remove(key);
  }

  @Override
  public synchronized void updateStatus(Service service) {
    ResourceKey key = key(service.getMetadata().getNamespace(), service.getMetadata().getName());
    Service stored = services.get(key);
    if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0
        || !stored
            .getMetadata()
            .getResourceVersion()
            .equals(service.getMetadata().getResourceVersion())) {
      throw new StaleResourceException(key, null);
    }
    Service next = new Service();
    next.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(stored.getMetadata()).build());
    next.setSpec(stored.getSpec());
    next.setStatus(service.getStatus());
    statusWrites.incrementAndGet();
    put(next);
  }

  @Override
  public synchronized void updateStatus(Revision revision) {
    ResourceKey key = key(revision.getMetadata().getNamespace(), revision.getMetadata().getName());
    Revision stored = revisions.get(key);
    if (!stored
        .getMetadata()
        .getResourceVersion()
        .equals(revision.getMetadata().getResourceVersion())) {
      throw new StaleResourceException(key, null);
    }
    Revision next = new Revision();
    next.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(stored.getMetadata()).build());
    next.getMetadata().setResourceVersion(String.valueOf(version.incrementAndGet()));
    next.setSpec(stored.getSpec());
    next.setStatus(revision.getStatus());
    revisions.put(key, next);
  }
}
