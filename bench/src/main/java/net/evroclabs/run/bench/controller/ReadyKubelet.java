package net.evroclabs.run.bench.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.evroclabs.run.api.Labels;

/**
 * Plays the kubelet and the Deployment controller against the emulator: every Deployment of a
 * revision reports its replicas ready and available as soon as it appears.
 */
final class ReadyKubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final SharedIndexInformer<Deployment> informer;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(2, Thread.ofPlatform().name("kubelet-", 0).daemon().factory());

  ReadyKubelet(KubernetesClient client) {
    this.client = client;
    this.informer =
        client.apps().deployments().inAnyNamespace().withLabel(Labels.REVISION).inform();
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment d) {
            executor.execute(() -> markReady(d));
          }

          @Override
          public void onUpdate(Deployment before, Deployment d) {}

          @Override
          public void onDelete(Deployment d, boolean unknown) {}
        });
  }

  private void markReady(Deployment d) {
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    client
        .apps()
        .deployments()
        .inNamespace(d.getMetadata().getNamespace())
        .withName(d.getMetadata().getName())
        .editStatus(
            x -> {
              x.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .build());
              return x;
            });
  }

  @Override
  public void close() {
    informer.close();
    executor.shutdownNow();
  }
}
