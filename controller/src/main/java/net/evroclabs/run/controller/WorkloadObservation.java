package net.evroclabs.run.controller;

import java.util.List;

/**
 * What a revision's workload looks like right now.
 *
 * @param desiredReplicas instances asked for
 * @param readyReplicas instances passing their readiness probe
 * @param availableReplicas instances ready for long enough to count as available
 * @param progressDeadlineExceeded whether the workload reported that it stopped making progress
 * @param containers the user containers of its live (not terminating) instances
 */
public record WorkloadObservation(
    int desiredReplicas,
    int readyReplicas,
    int availableReplicas,
    boolean progressDeadlineExceeded,
    List<ContainerObservation> containers) {

  public WorkloadObservation {
    containers = List.copyOf(containers);
  }

  /** A workload that was just asked for and shows nothing yet. */
  public static WorkloadObservation starting(int desiredReplicas) {
    return new WorkloadObservation(desiredReplicas, 0, 0, false, List.of());
  }
}
