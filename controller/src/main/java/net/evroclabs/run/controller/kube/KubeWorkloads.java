package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.WorkloadObservation;
import net.evroclabs.run.controller.Workloads;

/** Revisions as Deployments: created once, observed from the caches with their pods. */
public final class KubeWorkloads implements Workloads {

  private static final String STOP = "{\"spec\":{\"replicas\":0}}";

  private final KubernetesClient client;
  private final KubeInformers informers;
  private final PlatformConfig config;
  private final RecentWrites<Deployment> created =
      new RecentWrites<>(Duration.ofSeconds(30), System::nanoTime);

  public KubeWorkloads(KubernetesClient client, KubeInformers informers, PlatformConfig config) {
    this.client = client;
    this.informers = informers;
    this.config = config;
  }

  @Override
  public void ensure(Revision revision, int initialReplicas) {
    ResourceKey key = KubeInformers.key(revision);
    Deployment d = DeploymentRenderer.render(revision, initialReplicas, config);
    String hash = PodTemplateHash.of(d);
    d.getMetadata()
        .setAnnotations(new java.util.LinkedHashMap<>(Map.of(PodTemplateHash.ANNOTATION, hash)));
    Deployment existing = deployment(key);
    if (existing != null) {
      if (!hash.equals(PodTemplateHash.recorded(existing))) {
        restorePodTemplate(key, d, hash);
      }
      return;
    }
    try {
      created.put(client.apps().deployments().inNamespace(key.namespace()).resource(d).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  /**
   * Puts the rendered pod template back (the platform config changed, or someone edited it), with
   * the replicas left as they are: they belong to the scaler.
   */
  private void restorePodTemplate(ResourceKey key, Deployment rendered, String hash) {
    Deployment updated =
        client
            .apps()
            .deployments()
            .inNamespace(key.namespace())
            .withName(key.name())
            .edit(
                current -> {
                  current.getSpec().setTemplate(rendered.getSpec().getTemplate());
                  current
                      .getSpec()
                      .setProgressDeadlineSeconds(rendered.getSpec().getProgressDeadlineSeconds());
                  Map<String, String> annotations =
                      current.getMetadata().getAnnotations() == null
                          ? new java.util.LinkedHashMap<>()
                          : new java.util.LinkedHashMap<>(current.getMetadata().getAnnotations());
                  annotations.put(PodTemplateHash.ANNOTATION, hash);
                  current.getMetadata().setAnnotations(annotations);
                  return current;
                });
    created.put(updated);
  }

  @Override
  public Optional<WorkloadObservation> observe(ResourceKey revision) {
    Deployment d = deployment(revision);
    if (d == null) {
      return Optional.empty();
    }
    List<Pod> pods =
        informers.pods.getIndexer().byIndex(KubeInformers.BY_OWNER, revision.toString());
    return Optional.of(PodObservations.observe(d, pods));
  }

  @Override
  public void stop(ResourceKey revision) {
    try {
      created.put(
          client
              .apps()
              .deployments()
              .inNamespace(revision.namespace())
              .withName(revision.name())
              .patch(PatchContext.of(PatchType.JSON_MERGE), STOP));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public void delete(ResourceKey revision) {
    created.forget(revision);
    client
        .apps()
        .deployments()
        .inNamespace(revision.namespace())
        .withName(revision.name())
        .delete();
  }

  private Deployment deployment(ResourceKey key) {
    return created.newest(key, informers.deployments.getStore().getByKey(key.toString()));
  }
}
