package net.evroclabs.run.scaler.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Replicas;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workloads on Kubernetes: Revisions, their Services and Deployments are read from informer caches;
 * replicas are set through the Deployment's {@code scale} subresource; events are core/v1 Events on
 * the Revision.
 */
public final class Fabric8Workloads implements Workloads, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8Workloads.class);
  private static final String COMPONENT = "run-scaler";

  private final KubernetesClient client;
  private final AutoscalingMapper mapper;
  private final SharedIndexInformer<Revision> revisions;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<Deployment> deployments;
  private final AtomicLong eventSequence = new AtomicLong();

  /** A Service's mapped settings, valid while its resourceVersion is unchanged. */
  private record Mapped(String resourceVersion, ScalingSpec spec) {}

  private final Map<String, Mapped> mapped = new ConcurrentHashMap<>();

  private Fabric8Workloads(
      KubernetesClient client,
      AutoscalingMapper mapper,
      SharedIndexInformer<Revision> revisions,
      SharedIndexInformer<Service> services,
      SharedIndexInformer<Deployment> deployments) {
    this.client = client;
    this.mapper = mapper;
    this.revisions = revisions;
    this.services = services;
    this.deployments = deployments;
  }

  /** Starts the informers and waits until they have synced. */
  public static Fabric8Workloads start(KubernetesClient client, AutoscalingMapper mapper) {
    SharedIndexInformer<Revision> revisions =
        client.resources(Revision.class).inAnyNamespace().inform();
    SharedIndexInformer<Service> services =
        client.resources(Service.class).inAnyNamespace().inform();
    SharedIndexInformer<Deployment> deployments =
        client.apps().deployments().inAnyNamespace().withLabel(Labels.REVISION).inform();
    return new Fabric8Workloads(client, mapper, revisions, services, deployments);
  }

  @Override
  public List<ScaledRevision> revisions() {
    List<ScaledRevision> out = new ArrayList<>();
    for (Revision r : revisions.getStore().list()) {
      RevisionKey key = new RevisionKey(r.getMetadata().getNamespace(), r.getMetadata().getName());
      Deployment d = deployments.getStore().getByKey(key.toString());
      if (d != null) {
        out.add(toScaled(key, r, d));
      }
    }
    return out;
  }

  @Override
  public Optional<ScaledRevision> revision(RevisionKey key) {
    Revision r = revisions.getStore().getByKey(key.toString());
    Deployment d = deployments.getStore().getByKey(key.toString());
    if (r == null) {
      r = client.resources(Revision.class).inNamespace(key.namespace()).withName(key.name()).get();
    }
    if (d == null) {
      d = client.apps().deployments().inNamespace(key.namespace()).withName(key.name()).get();
    }
    return r == null || d == null ? Optional.empty() : Optional.of(toScaled(key, r, d));
  }

  private ScaledRevision toScaled(RevisionKey key, Revision r, Deployment d) {
    String serviceName =
        r.getMetadata().getLabels() == null
            ? null
            : r.getMetadata().getLabels().get(Labels.SERVICE);
    Service service =
        serviceName == null
            ? null
            : services.getStore().getByKey(key.namespace() + "/" + serviceName);
    ScalingSpec spec;
    try {
      spec = service == null ? mapper.defaults() : mapper.map(service.getSpec());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "{}: autoscaling settings rejected ({}), using the platform defaults",
          key,
          e.getMessage());
      spec = mapper.defaults();
    }
    Integer desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
    Condition readyCondition =
        r.getStatus() == null || r.getStatus().getConditions() == null
            ? null
            : Conditions.find(r.getStatus().getConditions(), Conditions.READY);
    boolean failed = readyCondition != null && Condition.FALSE.equals(readyCondition.getStatus());
    return new ScaledRevision(
        key, spec, new Replicas(desired == null ? 1 : desired, ready == null ? 0 : ready, !failed));
  }

  /** Maps a Service's settings once per resourceVersion; defaulting copies the whole spec. */
  private ScalingSpec settings(RevisionKey key, Service service) {
    String serviceKey = key.namespace() + "/" + service.getMetadata().getName();
    String version = service.getMetadata().getResourceVersion();
    Mapped m = mapped.get(serviceKey);
    if (m != null && version != null && version.equals(m.resourceVersion())) {
      return m.spec();
    }
    ScalingSpec spec;
    try {
      spec = mapper.map(service.getSpec());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "{}: autoscaling settings rejected ({}), using the platform defaults",
          serviceKey,
          e.getMessage());
      spec = mapper.defaults();
    }
    mapped.put(serviceKey, new Mapped(version, spec));
    return spec;
  }

  @Override
  public void scale(RevisionKey key, int replicas) {
    client.apps().deployments().inNamespace(key.namespace()).withName(key.name()).scale(replicas);
  }

  @Override
  public void record(RevisionKey key, String reason, String message) {
    Revision r = revisions.getStore().getByKey(key.toString());
    String now = Instant.now().toString();
    client
        .v1()
        .events()
        .inNamespace(key.namespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(
                    key.name()
                        + "."
                        + Long.toHexString(System.currentTimeMillis())
                        + eventSequence.incrementAndGet())
                .withNamespace(key.namespace())
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion(Service.GROUP + "/" + Service.VERSION)
                        .withKind("Revision")
                        .withNamespace(key.namespace())
                        .withName(key.name())
                        .withUid(r == null ? null : r.getMetadata().getUid())
                        .build())
                .withReason(reason)
                .withMessage(message)
                .withType("Normal")
                .withReportingComponent(COMPONENT)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
  }

  @Override
  public void close() {
    revisions.close();
    services.close();
    deployments.close();
  }
}
