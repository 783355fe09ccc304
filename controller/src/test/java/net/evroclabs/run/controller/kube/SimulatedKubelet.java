package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.evroclabs.run.api.Labels;

/**
 * Plays the kubelet and the Deployment controller for tests: writes Deployment status and pods the
 * way a cluster would, per image: ready, failing in one of the ways a pod fails, or doing nothing.
 */
final class SimulatedKubelet implements AutoCloseable {

  enum Behaviour {
    READY,
    IMAGE_PULL_BACKOFF,
    CRASH_LOOP,
    RUNS_AS_ROOT,
    STALLS,
    NOTHING
  }

  static final String ROOT_MESSAGE =
      "container has runAsNonRoot and image will run as root (pod: \"x\", container: user-container)";

  private final KubernetesClient client;
  private final Map<String, Behaviour> byImage = new ConcurrentHashMap<>();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("kubelet").daemon().factory());
  private final SharedIndexInformer<Deployment> informer;

  SimulatedKubelet(KubernetesClient client) {
    this.client = client;
    this.informer =
        client.apps().deployments().inAnyNamespace().withLabel(Labels.REVISION).inform();
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment d) {
            executor.execute(() -> act(d.getMetadata().getNamespace(), d.getMetadata().getName()));
          }

          @Override
          public void onUpdate(Deployment before, Deployment d) {
            executor.execute(() -> act(d.getMetadata().getNamespace(), d.getMetadata().getName()));
          }

          @Override
          public void onDelete(Deployment d, boolean unknown) {}
        });
  }

  /** Deployments of {@code image} behave like that from now on. */
  SimulatedKubelet behave(String image, Behaviour behaviour) {
    byImage.put(image, behaviour);
    return this;
  }

  /** Looks at the Deployment again, as after a change of behaviour. */
  void recheck(String ns, String name) {
    executor.execute(() -> act(ns, name));
  }

  private void act(String ns, String name) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (d == null) {
      return;
    }
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Behaviour b = byImage.getOrDefault(image, Behaviour.READY);
    switch (b) {
      case READY -> {
        DeploymentStatus s = d.getStatus();
        Integer available = s == null ? null : s.getAvailableReplicas();
        if (available == null || available != replicas) {
          writeStatus(
              ns,
              name,
              new DeploymentStatusBuilder()
                  .withReplicas(replicas)
                  .withReadyReplicas(replicas)
                  .withAvailableReplicas(replicas)
                  .withUpdatedReplicas(replicas)
                  .build());
        }
      }
      case STALLS -> {
        if (d.getStatus() == null || d.getStatus().getConditions().isEmpty()) {
          writeStatus(
              ns,
              name,
              new DeploymentStatusBuilder()
                  .withReplicas(replicas)
                  .withAvailableReplicas(0)
                  .withConditions(
                      new DeploymentConditionBuilder()
                          .withType("Progressing")
                          .withStatus("False")
                          .withReason("ProgressDeadlineExceeded")
                          .withMessage("ReplicaSet has timed out progressing.")
                          .build())
                  .build());
        }
      }
      case IMAGE_PULL_BACKOFF ->
          failingPod(
              d,
              replicas,
              new ContainerStatusBuilder()
                  .withName(DeploymentRenderer.CONTAINER)
                  .withReady(false)
                  .withRestartCount(0)
                  .withNewState()
                  .withNewWaiting()
                  .withReason("ImagePullBackOff")
                  .withMessage("Back-off pulling image \"" + image + "\"")
                  .endWaiting()
                  .endState());
      case CRASH_LOOP ->
          failingPod(
              d,
              replicas,
              new ContainerStatusBuilder()
                  .withName(DeploymentRenderer.CONTAINER)
                  .withReady(false)
                  .withRestartCount(3)
                  .withNewState()
                  .withNewWaiting()
                  .withReason("CrashLoopBackOff")
                  .withMessage("back-off 40s restarting failed container")
                  .endWaiting()
                  .endState()
                  .withNewLastState()
                  .withNewTerminated()
                  .withExitCode(3)
                  .withReason("Error")
                  .endTerminated()
                  .endLastState());
      case RUNS_AS_ROOT ->
          failingPod(
              d,
              replicas,
              new ContainerStatusBuilder()
                  .withName(DeploymentRenderer.CONTAINER)
                  .withReady(false)
                  .withRestartCount(0)
                  .withNewState()
                  .withNewWaiting()
                  .withReason("CreateContainerConfigError")
                  .withMessage(ROOT_MESSAGE)
                  .endWaiting()
                  .endState());
      case NOTHING -> {}
    }
  }

  private void writeStatus(String ns, String name, DeploymentStatus status) {
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            x -> {
              x.setStatus(status);
              return x;
            });
  }

  private void failingPod(Deployment d, int replicas, ContainerStatusBuilder status) {
    String ns = d.getMetadata().getNamespace();
    String podName = d.getMetadata().getName() + "-pod";
    Pod existing = client.pods().inNamespace(ns).withName(podName).get();
    if (replicas == 0) {
      if (existing != null) {
        client.pods().inNamespace(ns).withName(podName).delete();
      }
      return;
    }
    if (existing != null) {
      return;
    }
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(ns)
            .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(d.getSpec().getTemplate().getSpec())
            .build();
    client.pods().inNamespace(ns).resource(pod).create();
    client
        .pods()
        .inNamespace(ns)
        .withName(podName)
        .editStatus(
            p -> {
              p.setStatus(
                  new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                      .withPhase("Pending")
                      .withContainerStatuses(status.build())
                      .build());
              return p;
            });
  }

  @Override
  public void close() {
    informer.close();
    executor.shutdownNow();
  }
}
