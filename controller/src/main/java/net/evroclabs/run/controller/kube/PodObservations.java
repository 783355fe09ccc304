package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.controller.ContainerObservation;
import net.evroclabs.run.controller.WorkloadObservation;

/** Reads a revision's Deployment and pods into a {@link WorkloadObservation}. Pure. */
final class PodObservations {

  private PodObservations() {}

  static WorkloadObservation observe(Deployment d, List<Pod> pods) {
    Integer desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
    var status = d.getStatus();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    int available =
        status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
    boolean stalled = false;
    if (status != null && status.getConditions() != null) {
      for (DeploymentCondition c : status.getConditions()) {
        stalled |=
            "Progressing".equals(c.getType())
                && "False".equals(c.getStatus())
                && "ProgressDeadlineExceeded".equals(c.getReason());
      }
    }
    List<ContainerObservation> containers = new ArrayList<>();
    for (Pod p : pods) {
      if (p.getMetadata().getDeletionTimestamp() != null
          || p.getStatus() == null
          || p.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
        if (DeploymentRenderer.CONTAINER.equals(cs.getName())) {
          containers.add(container(cs));
        }
      }
    }
    return new WorkloadObservation(
        desired == null ? 1 : desired, ready, available, stalled, containers);
  }

  private static ContainerObservation container(ContainerStatus cs) {
    String reason = null;
    String message = null;
    if (cs.getState() != null && cs.getState().getWaiting() != null) {
      reason = cs.getState().getWaiting().getReason();
      message = cs.getState().getWaiting().getMessage();
    }
    Integer exitCode = null;
    if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
      exitCode = cs.getLastState().getTerminated().getExitCode();
    } else if (cs.getState() != null && cs.getState().getTerminated() != null) {
      exitCode = cs.getState().getTerminated().getExitCode();
    }
    return new ContainerObservation(
        reason,
        message,
        exitCode,
        cs.getRestartCount() == null ? 0 : cs.getRestartCount(),
        Boolean.TRUE.equals(cs.getReady()));
  }
}
