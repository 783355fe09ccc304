package net.evroclabs.run.controller.reconcile;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.MemoryServiceStore;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.ServiceStore;
import net.evroclabs.run.controller.StaleResourceException;

/** The in-memory store, counting status writes and refusing as many as a test asks. */
final class InMemoryServiceStore implements ServiceStore {

  private final MemoryServiceStore store = new MemoryServiceStore();
  final AtomicInteger statusWrites = new AtomicInteger();
  final AtomicInteger conflictsToInject = new AtomicInteger();

  /** Stores {@code s} as its owner wrote it (see {@link MemoryServiceStore#upsertService}). */
  void put(Service s) {
    store.upsertService(s);
  }

  /** The stored Service, or null. */
  Service get(ResourceKey key) {
    return store.service(key).orElse(null);
  }

  void deleteService(ResourceKey key) {
    store.deleteService(key.namespace(), key.name());
  }

  @Override
  public Optional<Service> service(ResourceKey key) {
    return store.service(key);
  }

  @Override
  public Optional<Service> fetchService(ResourceKey key) {
    return store.fetchService(key);
  }

  @Override
  public Optional<Revision> revision(ResourceKey key) {
    return store.revision(key);
  }

  @Override
  public Optional<Revision> fetchRevision(ResourceKey key) {
    return store.fetchRevision(key);
  }

  @Override
  public List<Revision> revisionsOf(ResourceKey service) {
    return store.revisionsOf(service);
  }

  @Override
  public List<ResourceKey> serviceKeys() {
    return store.serviceKeys();
  }

  @Override
  public List<ResourceKey> revisionKeys() {
    return store.revisionKeys();
  }

  @Override
  public Created createRevision(Revision revision) {
    return store.createRevision(revision);
  }

  @Override
  public void deleteRevision(ResourceKey key) {
    store.deleteRevision(key);
  }

  @Override
  public void updateStatus(Service service) {
    if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new StaleResourceException(
          new ResourceKey(service.getMetadata().getNamespace(), service.getMetadata().getName()),
          null);
    }
    store.updateStatus(service);
    statusWrites.incrementAndGet();
  }

  @Override
  public void updateStatus(Revision revision) {
    store.updateStatus(revision);
  }
}
