package net.evroclabs.run.local.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.EnvVar;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.ContainerObservation;
import net.evroclabs.run.controller.MemoryServiceStore;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.WorkloadObservation;
import net.evroclabs.run.local.process.InstanceSpec;
import net.evroclabs.run.local.process.ProcessWorkloads;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Replicas;
import net.evroclabs.run.scaler.kube.AutoscalingMapper;
import net.evroclabs.run.scaler.kube.ScaledRevision;

/**
 * Revision workloads as local processes, for both the controller (create, observe, stop, delete)
 * and the autoscaler (read replicas, scale). A revision without a command cannot run locally: it is
 * reported as a container that cannot start, with what to do, instead of failing the reconcile.
 */
public final class LocalWorkloads
    implements net.evroclabs.run.controller.Workloads, net.evroclabs.run.scaler.kube.Workloads {

  /** The reason a revision without a command reports. */
  public static final String NO_COMMAND = "CommandRequired";

  private record Known(InstanceSpec spec, String problem, int desired) {}

  private final ProcessWorkloads processes;
  private final MemoryServiceStore store;
  private final AutoscalingMapper autoscaling;
  private final BiConsumer<String, String> events;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  /**
   * @param events receives a revision key and a message for every scaling event
   */
  public LocalWorkloads(
      ProcessWorkloads processes,
      MemoryServiceStore store,
      AutoscalingMapper autoscaling,
      BiConsumer<String, String> events) {
    this.processes = processes;
    this.store = store;
    this.autoscaling = autoscaling;
    this.events = events;
  }

  /** The instance spec of a revision, or the reason it cannot run locally. */
  static Object instanceSpec(Revision revision) {
    String namespace = revision.getMetadata().getNamespace();
    String name = revision.getMetadata().getName();
    Map<String, String> labels = revision.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(Labels.SERVICE);
    ContainerSpec c = revision.getSpec().getContainer();
    List<String> command = new ArrayList<>();
    if (c.getCommand() != null) {
      command.addAll(c.getCommand());
    }
    if (command.isEmpty()) {
      return "revision "
          + namespace
          + "/"
          + name
          + " has no spec.template.container.command: local mode runs commands, not images"
          + " (image "
          + c.getImage()
          + "); add the command that starts the app";
    }
    if (c.getArgs() != null) {
      command.addAll(c.getArgs());
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
      }
    }
    InstanceSpec.Readiness readiness =
        c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null
            ? new InstanceSpec.Readiness.HttpGet(c.getReadinessProbe().getHttpGet().getPath())
            : new InstanceSpec.Readiness.Tcp();
    return new InstanceSpec(
        namespace, service == null ? name : service, name, command, env, readiness);
  }

  @Override
  public void ensure(Revision revision, int initialReplicas) {
    String key = revision.getMetadata().getNamespace() + "/" + revision.getMetadata().getName();
    if (known.containsKey(key)) {
      return;
    }
    Object spec = instanceSpec(revision);
    if (spec instanceof InstanceSpec s) {
      known.put(key, new Known(s, null, initialReplicas));
      processes.apply(s, initialReplicas);
    } else {
      known.put(key, new Known(null, (String) spec, initialReplicas));
    }
  }

  @Override
  public Optional<WorkloadObservation> observe(ResourceKey revision) {
    Known k = known.get(revision.toString());
    if (k == null) {
      return Optional.empty();
    }
    if (k.problem() != null) {
      return Optional.of(
          new WorkloadObservation(
              k.desired(),
              0,
              0,
              true,
              List.of(ContainerObservation.waiting(NO_COMMAND, k.problem()))));
    }
    Optional<ProcessWorkloads.RevisionStatus> status = processes.status(revision.toString());
    if (status.isEmpty()) {
      return Optional.of(WorkloadObservation.starting(k.desired()));
    }
    ProcessWorkloads.RevisionStatus s = status.get();
    List<ContainerObservation> containers = new ArrayList<>();
    for (int i = 0; i < s.ready(); i++) {
      containers.add(ContainerObservation.running());
    }
    if (s.message() != null) {
      containers.add(
          new ContainerObservation(
              s.lastExitCode() == null ? "ContainerCreating" : "CrashLoopBackOff",
              s.message(),
              s.lastExitCode(),
              s.restarts(),
              false));
    }
    return Optional.of(
        new WorkloadObservation(k.desired(), s.ready(), s.ready(), false, containers));
  }

  @Override
  public void stop(ResourceKey revision) {
    scaleTo(revision.toString(), 0);
  }

  @Override
  public void delete(ResourceKey revision) {
    Known k = known.remove(revision.toString());
    if (k != null && k.spec() != null) {
      processes.remove(revision.toString());
    }
  }

  @Override
  public List<ScaledRevision> revisions() {
    List<ScaledRevision> out = new ArrayList<>();
    for (String key : known.keySet()) {
      scaled(key).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Optional<ScaledRevision> revision(RevisionKey key) {
    return scaled(key.toString());
  }

  @Override
  public void scale(RevisionKey key, int replicas) {
    scaleTo(key.toString(), replicas);
  }

  @Override
  public void record(RevisionKey key, String reason, String message) {
    events.accept(key.toString(), reason + ": " + message);
  }

  private void scaleTo(String key, int replicas) {
    Known k =
        known.computeIfPresent(key, (x, old) -> new Known(old.spec(), old.problem(), replicas));
    if (k != null && k.spec() != null) {
      processes.apply(k.spec(), replicas);
    }
  }

  private Optional<ScaledRevision> scaled(String key) {
    Known k = known.get(key);
    if (k == null) {
      return Optional.empty();
    }
    int slash = key.indexOf('/');
    ResourceKey rk = new ResourceKey(key.substring(0, slash), key.substring(slash + 1));
    Optional<Revision> revision = store.revision(rk);
    if (revision.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> labels = revision.get().getMetadata().getLabels();
    String serviceName = labels == null ? null : labels.get(Labels.SERVICE);
    Optional<Service> service =
        serviceName == null
            ? Optional.empty()
            : store.service(new ResourceKey(rk.namespace(), serviceName));
    boolean ready =
        revision.get().getStatus() != null
            && revision.get().getStatus().condition(Conditions.READY) != null
            && revision.get().getStatus().condition(Conditions.READY).isTrue();
    int readyCount =
        k.spec() == null
            ? 0
            : processes.status(key).map(ProcessWorkloads.RevisionStatus::ready).orElse(0);
    return Optional.of(
        new ScaledRevision(
            new RevisionKey(rk.namespace(), rk.name()),
            autoscaling.map(service.map(Service::getSpec).orElse(null)),
            new Replicas(k.desired(), readyCount, ready)));
  }
}
