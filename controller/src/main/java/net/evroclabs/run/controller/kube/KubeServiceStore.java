package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.ServiceStore;
import net.evroclabs.run.controller.StaleResourceException;

/** Services and Revisions on Kubernetes: reads from the informer caches, writes to the API. */
public final class KubeServiceStore implements ServiceStore {

  private static final Duration WRITE_TTL = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final KubeInformers informers;
  private final RecentWrites<Service> serviceWrites =
      new RecentWrites<>(WRITE_TTL, System::nanoTime);
  private final RecentWrites<Revision> revisionWrites =
      new RecentWrites<>(WRITE_TTL, System::nanoTime);

  /** Revisions this process deleted, by key, with when: hidden even while the cache lags. */
  private final Map<ResourceKey, Long> deleted = new java.util.concurrent.ConcurrentHashMap<>();

  public KubeServiceStore(KubernetesClient client, KubeInformers informers) {
    this.client = client;
    this.informers = informers;
  }

  @Override
  public Optional<Service> service(ResourceKey key) {
    return Optional.ofNullable(
        serviceWrites.newest(key, informers.services.getStore().getByKey(key.toString())));
  }

  @Override
  public Optional<Service> fetchService(ResourceKey key) {
    serviceWrites.forget(key);
    return Optional.ofNullable(
        client.resources(Service.class).inNamespace(key.namespace()).withName(key.name()).get());
  }

  @Override
  public Optional<Revision> revision(ResourceKey key) {
    if (recentlyDeleted(key)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        revisionWrites.newest(key, informers.revisions.getStore().getByKey(key.toString())));
  }

  @Override
  public Optional<Revision> fetchRevision(ResourceKey key) {
    revisionWrites.forget(key);
    return Optional.ofNullable(
        client.resources(Revision.class).inNamespace(key.namespace()).withName(key.name()).get());
  }

  @Override
  public List<Revision> revisionsOf(ResourceKey service) {
    Map<String, Revision> byName = new LinkedHashMap<>();
    for (Revision r :
        informers.revisions.getIndexer().byIndex(KubeInformers.BY_OWNER, service.toString())) {
      byName.put(r.getMetadata().getName(), r);
    }
    for (Revision r : revisionWrites.pending()) {
      if (r.getMetadata().getNamespace().equals(service.namespace())
          && service.name().equals(KubeInformers.label(r, Labels.SERVICE))) {
        byName.putIfAbsent(r.getMetadata().getName(), null);
      }
    }
    for (Map.Entry<String, Revision> e : byName.entrySet()) {
      e.setValue(
          revisionWrites.newest(new ResourceKey(service.namespace(), e.getKey()), e.getValue()));
    }
    byName.values().removeIf(java.util.Objects::isNull);
    byName.keySet().removeIf(name -> recentlyDeleted(new ResourceKey(service.namespace(), name)));
    return new ArrayList<>(byName.values());
  }

  @Override
  public List<ResourceKey> serviceKeys() {
    return informers.services.getStore().list().stream().map(KubeInformers::key).toList();
  }

  @Override
  public List<ResourceKey> revisionKeys() {
    return informers.revisions.getStore().list().stream().map(KubeInformers::key).toList();
  }

  @Override
  public Created createRevision(Revision revision) {
    ResourceKey key = KubeInformers.key(revision);
    try {
      Revision created =
          client.resources(Revision.class).inNamespace(key.namespace()).resource(revision).create();
      revisionWrites.put(created);
      return new Created(created, true);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Revision existing = fetchRevision(key).orElseThrow(() -> e);
      revisionWrites.put(existing);
      return new Created(existing, false);
    }
  }

  @Override
  public void deleteRevision(ResourceKey key) {
    revisionWrites.forget(key);
    deleted.put(key, System.nanoTime());
    client.resources(Revision.class).inNamespace(key.namespace()).withName(key.name()).delete();
  }

  private boolean recentlyDeleted(ResourceKey key) {
    Long at = deleted.get(key);
    if (at == null) {
      return false;
    }
    if (System.nanoTime() - at > WRITE_TTL.toNanos()) {
      deleted.remove(key, at);
      return false;
    }
    return true;
  }

  @Override
  public void updateStatus(Service service) {
    ResourceKey key = KubeInformers.key(service);
    Service copy = new Service();
    copy.setMetadata(new ObjectMetaBuilder(service.getMetadata()).build());
    copy.setSpec(service.getSpec());
    copy.setStatus(service.getStatus());
    try {
      serviceWrites.put(
          client
              .resources(Service.class)
              .inNamespace(key.namespace())
              .resource(copy)
              .updateStatus());
    } catch (KubernetesClientException e) {
      serviceWrites.forget(key);
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new StaleResourceException(key, e);
      }
      throw e;
    }
  }

  @Override
  public void updateStatus(Revision revision) {
    ResourceKey key = KubeInformers.key(revision);
    Revision copy = new Revision();
    copy.setMetadata(new ObjectMetaBuilder(revision.getMetadata()).build());
    copy.setSpec(revision.getSpec());
    copy.setStatus(revision.getStatus());
    try {
      revisionWrites.put(
          client
              .resources(Revision.class)
              .inNamespace(key.namespace())
              .resource(copy)
              .updateStatus());
    } catch (KubernetesClientException e) {
      revisionWrites.forget(key);
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new StaleResourceException(key, e);
      }
      throw e;
    }
  }
}
