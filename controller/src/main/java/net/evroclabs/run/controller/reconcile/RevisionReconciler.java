package net.evroclabs.run.controller.reconcile;

import java.time.Clock;
import java.util.Optional;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.EventRecorder;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.ServiceStore;
import net.evroclabs.run.controller.StaleResourceException;
import net.evroclabs.run.controller.WorkloadObservation;
import net.evroclabs.run.controller.Workloads;
import net.evroclabs.run.controller.status.RevisionAssessment;
import net.evroclabs.run.controller.status.RevisionHealth;

/**
 * Brings one Revision to its desired state: its workload exists (created with {@code max(1,
 * minScale)} instances, never resized here afterwards), its status tells the truth about its
 * instances, and a failed revision is stopped.
 */
public final class RevisionReconciler {

  private static final int ATTEMPTS = 4;
  private static final int MOST_INITIAL_REPLICAS = 1000;

  private final ServiceStore store;
  private final Workloads workloads;
  private final EventRecorder events;
  private final PlatformConfig config;
  private final Clock clock;

  public RevisionReconciler(
      ServiceStore store,
      Workloads workloads,
      EventRecorder events,
      PlatformConfig config,
      Clock clock) {
    this.store = store;
    this.workloads = workloads;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  public Outcome reconcile(ResourceKey key) {
    Optional<Revision> revision = store.revision(key);
    for (int attempt = 1; revision.isPresent(); attempt++) {
      try {
        return apply(key, revision.get());
      } catch (StaleResourceException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        revision = store.fetchRevision(key);
      }
    }
    return Outcome.done();
  }

  private Outcome apply(ResourceKey key, Revision revision) {
    if (revision.getMetadata().getDeletionTimestamp() != null) {
      return Outcome.done();
    }
    int initial = initialReplicas(key, revision);
    workloads.ensure(revision, initial);
    Optional<WorkloadObservation> workload =
        Optional.of(workloads.observe(key).orElse(WorkloadObservation.starting(initial)));
    RevisionAssessment a =
        RevisionHealth.assess(revision, workload, clock.instant(), config.progressDeadline());
    Condition ready = Conditions.find(a.status().getConditions(), Conditions.READY);
    boolean failed = ready != null && Condition.FALSE.equals(ready.getStatus());
    if (failed && workload.get().desiredReplicas() > 0) {
      workloads.stop(key);
      a.status().setDesiredReplicas(0);
    }
    if (!Statuses.same(revision.getStatus(), a.status())) {
      store.updateStatus(Statuses.withStatus(revision, a.status()));
    }
    switch (a.transition()) {
      case BECAME_READY ->
          events.record(
              Subjects.of(revision),
              EventRecorder.Type.NORMAL,
              "RevisionReady",
              "Revision " + key.name() + " is ready");
      case FAILED ->
          events.record(
              Subjects.of(revision),
              EventRecorder.Type.WARNING,
              "RevisionFailed",
              "Revision "
                  + key.name()
                  + " failed ("
                  + ready.getReason()
                  + "): "
                  + ready.getMessage());
      case NONE -> {}
    }
    return a.recheckAfter().map(Outcome::recheckAfter).orElse(Outcome.done());
  }

  private int initialReplicas(ResourceKey key, Revision revision) {
    String serviceName =
        revision.getMetadata().getLabels() == null
            ? null
            : revision.getMetadata().getLabels().get(Labels.SERVICE);
    if (serviceName == null) {
      return 1;
    }
    Optional<Service> service = store.service(new ResourceKey(key.namespace(), serviceName));
    if (service.isEmpty() || service.get().getSpec() == null) {
      return 1;
    }
    Integer minScale =
        Defaulting.apply(service.get().getSpec(), config).getAutoscaling().getMinScale();
    return Math.max(1, Math.min(minScale == null ? 0 : minScale, MOST_INITIAL_REPLICAS));
  }
}
