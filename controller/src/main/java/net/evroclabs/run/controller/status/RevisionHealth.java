package net.evroclabs.run.controller.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.Durations;
import net.evroclabs.run.api.Probe;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.RevisionStatus;
import net.evroclabs.run.controller.WorkloadObservation;
import net.evroclabs.run.controller.status.ContainerProblems.Problem;

/**
 * Tells the truth about a Revision from its workload. Pure: ready once an instance is available;
 * failed, with the real reason, when an instance cannot start or none becomes ready within the
 * progress deadline. A failure before the first ready instance is final; a ready revision stays
 * ready when it scales to zero, and reports instances that cannot start in {@code
 * ContainerHealthy}.
 */
public final class RevisionHealth {

  private RevisionHealth() {}

  /**
   * @param revision the Revision, with its current status
   * @param workload its workload, or empty when it does not exist yet
   * @param now the current time
   * @param progressDeadline how long an instance may take to become ready
   */
  public static RevisionAssessment assess(
      Revision revision,
      Optional<WorkloadObservation> workload,
      Instant now,
      Duration progressDeadline) {
    RevisionStatus previous =
        revision.getStatus() == null ? new RevisionStatus() : revision.getStatus();
    Condition previousReady = Conditions.find(previous.getConditions(), Conditions.READY);
    RevisionStatus next = new RevisionStatus();
    next.setConditions(new ArrayList<>(previous.getConditions()));
    next.setObservedGeneration(revision.getMetadata().getGeneration());
    WorkloadObservation w = workload.orElse(WorkloadObservation.starting(0));
    next.setDesiredReplicas(w.desiredReplicas());
    next.setReadyReplicas(w.readyReplicas());
    List<Condition> conditions = next.getConditions();

    if (w.availableReplicas() > 0) {
      setAll(conditions, Condition.TRUE, null, null, now);
      boolean changed = previousReady == null || !previousReady.isTrue();
      return new RevisionAssessment(
          next,
          changed ? RevisionAssessment.Transition.BECAME_READY : RevisionAssessment.Transition.NONE,
          Optional.empty());
    }
    RevisionSpec spec = revision.getSpec();
    Optional<Problem> problem = ContainerProblems.find(w.containers(), spec);
    if (previousReady != null && previousReady.isTrue()) {
      // Once ready, a revision stays ready (at zero instances too); new instances that cannot
      // start show in ContainerHealthy, so that users see why it does not scale up.
      problem.ifPresent(
          p ->
              set(
                  conditions,
                  Conditions.CONTAINER_HEALTHY,
                  Condition.FALSE,
                  p.reason(),
                  p.message(),
                  now));
      return new RevisionAssessment(next, RevisionAssessment.Transition.NONE, Optional.empty());
    }
    if (previousReady != null && Condition.FALSE.equals(previousReady.getStatus())) {
      return new RevisionAssessment(next, RevisionAssessment.Transition.NONE, Optional.empty());
    }
    if (problem.isPresent()) {
      Problem p = problem.get();
      set(conditions, Conditions.CONTAINER_HEALTHY, Condition.FALSE, p.reason(), p.message(), now);
      set(conditions, Conditions.READY, Condition.FALSE, p.reason(), p.message(), now);
      return new RevisionAssessment(next, RevisionAssessment.Transition.FAILED, Optional.empty());
    }
    Duration age = Duration.between(created(revision, now), now);
    if (w.progressDeadlineExceeded() || age.compareTo(progressDeadline) >= 0) {
      String message = deadlineMessage(spec, progressDeadline);
      String reason = RevisionReasons.PROGRESS_DEADLINE_EXCEEDED;
      set(conditions, Conditions.RESOURCES_AVAILABLE, Condition.FALSE, reason, message, now);
      set(conditions, Conditions.READY, Condition.FALSE, reason, message, now);
      return new RevisionAssessment(next, RevisionAssessment.Transition.FAILED, Optional.empty());
    }
    String waiting = "Waiting for an instance to become ready.";
    set(conditions, Conditions.READY, Condition.UNKNOWN, RevisionReasons.DEPLOYING, waiting, now);
    return new RevisionAssessment(
        next, RevisionAssessment.Transition.NONE, Optional.of(progressDeadline.minus(age)));
  }

  private static String deadlineMessage(RevisionSpec spec, Duration deadline) {
    int port = spec.getContainer().getPort() == null ? 8080 : spec.getContainer().getPort();
    Probe probe = spec.getContainer().getReadinessProbe();
    String check =
        probe != null && probe.getHttpGet() != null
            ? "an HTTP GET of "
                + probe.getHttpGet().getPath()
                + " on port "
                + port
                + " answered with 2xx or 3xx"
            : "a TCP connection to port " + port;
    return "No instance became ready within "
        + Durations.format(deadline)
        + ": the readiness check ("
        + check
        + ") never passed. Check that the application listens on port "
        + port
        + " (the PORT variable) on all interfaces, and its logs.";
  }

  private static Instant created(Revision revision, Instant now) {
    String ts = revision.getMetadata().getCreationTimestamp();
    return ts == null ? now : Instant.parse(ts);
  }

  private static void setAll(
      List<Condition> conditions, String status, String reason, String message, Instant now) {
    for (String type :
        List.of(Conditions.CONTAINER_HEALTHY, Conditions.RESOURCES_AVAILABLE, Conditions.READY)) {
      set(conditions, type, status, reason, message, now);
    }
  }

  private static void set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Instant now) {
    Conditions.set(conditions, new Condition(type, status, reason, message), now);
  }
}
