package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.ChangeFeed;
import net.evroclabs.run.controller.ResourceKey;

/**
 * Watches Services, Revisions, and the Deployments and pods of revisions, in every namespace, and
 * keeps them in indexed caches. Also the controller's {@link ChangeFeed}.
 */
public final class KubeInformers implements ChangeFeed, AutoCloseable {

  /** Index of Revisions by {@code namespace/service}, and of Deployments and pods by revision. */
  static final String BY_OWNER = "owner";

  final SharedIndexInformer<Service> services;
  final SharedIndexInformer<Revision> revisions;
  final SharedIndexInformer<Deployment> deployments;
  final SharedIndexInformer<Pod> pods;

  private final List<Consumer<ResourceKey>> serviceListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ResourceKey>> revisionListeners = new CopyOnWriteArrayList<>();

  private KubeInformers(KubernetesClient client) {
    services = client.resources(Service.class).inAnyNamespace().runnableInformer(0);
    revisions = client.resources(Revision.class).inAnyNamespace().runnableInformer(0);
    deployments =
        client.apps().deployments().inAnyNamespace().withLabel(Labels.REVISION).runnableInformer(0);
    pods = client.pods().inAnyNamespace().withLabel(Labels.REVISION).runnableInformer(0);
    revisions.addIndexers(Map.of(BY_OWNER, r -> List.of(ownerKey(r, Labels.SERVICE))));
    deployments.addIndexers(Map.of(BY_OWNER, d -> List.of(ownerKey(d, Labels.REVISION))));
    pods.addIndexers(Map.of(BY_OWNER, p -> List.of(ownerKey(p, Labels.REVISION))));
    services.addEventHandler(handler(s -> notify(serviceListeners, key(s))));
    revisions.addEventHandler(
        handler(
            r -> {
              notify(revisionListeners, key(r));
              String service = label(r, Labels.SERVICE);
              if (service != null) {
                notify(serviceListeners, new ResourceKey(r.getMetadata().getNamespace(), service));
              }
            }));
    deployments.addEventHandler(handler(this::revisionOf));
    pods.addEventHandler(handler(this::revisionOf));
  }

  /** Starts watching and waits until every cache holds a full list. */
  public static KubeInformers start(KubernetesClient client) {
    KubeInformers informers = new KubeInformers(client);
    CompletableFuture.allOf(
            informers.services.start().toCompletableFuture(),
            informers.revisions.start().toCompletableFuture(),
            informers.deployments.start().toCompletableFuture(),
            informers.pods.start().toCompletableFuture())
        .join();
    return informers;
  }

  @Override
  public void subscribe(Consumer<ResourceKey> services, Consumer<ResourceKey> revisions) {
    serviceListeners.add(services);
    revisionListeners.add(revisions);
  }

  private void revisionOf(HasMetadata o) {
    String revision = label(o, Labels.REVISION);
    if (revision != null) {
      notify(revisionListeners, new ResourceKey(o.getMetadata().getNamespace(), revision));
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.accept(obj);
      }
    };
  }

  private static void notify(List<Consumer<ResourceKey>> listeners, ResourceKey key) {
    for (Consumer<ResourceKey> l : listeners) {
      l.accept(key);
    }
  }

  static ResourceKey key(HasMetadata o) {
    return new ResourceKey(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  static String ownerKey(HasMetadata o, String label) {
    String owner = label(o, label);
    return o.getMetadata().getNamespace() + "/" + (owner == null ? "" : owner);
  }

  static String label(HasMetadata o, String label) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(label);
  }

  @Override
  public void close() {
    services.close();
    revisions.close();
    deployments.close();
    pods.close();
  }
}
