package net.evroclabs.run.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import net.evroclabs.run.controller.ContainerObservation;
import net.evroclabs.run.controller.WorkloadObservation;
import org.junit.jupiter.api.Test;

class PodObservationsTest {

  private static final Deployment STALLED =
      Serialization.unmarshal(
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: hello-00001, namespace: team-a}
          spec: {replicas: 2}
          status:
            replicas: 2
            readyReplicas: 1
            availableReplicas: 0
            conditions:
            - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded}
          """,
          Deployment.class);

  private static Pod pod(String yaml) {
    return Serialization.unmarshal(yaml, Pod.class);
  }

  @Test
  void readsReplicasTheProgressDeadlineAndTheUserContainerOfLivePods() {
    Pod crashing =
        pod(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: team-a}
            status:
              containerStatuses:
              - name: user-container
                ready: false
                restartCount: 5
                state: {waiting: {reason: CrashLoopBackOff, message: back-off 5m0s}}
                lastState: {terminated: {exitCode: 2}}
              - name: some-sidecar
                ready: true
                restartCount: 0
            """);
    Pod terminating =
        pod(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: team-a, deletionTimestamp: "2026-01-01T10:00:00Z"}
            status:
              containerStatuses:
              - name: user-container
                ready: false
                restartCount: 0
                state: {waiting: {reason: ErrImagePull, message: gone}}
            """);

    WorkloadObservation w = PodObservations.observe(STALLED, List.of(crashing, terminating));

    assertThat(w)
        .isEqualTo(
            new WorkloadObservation(
                2,
                1,
                0,
                true,
                List.of(
                    new ContainerObservation("CrashLoopBackOff", "back-off 5m0s", 2, 5, false))));
  }

  @Test
  void aDeploymentWithoutStatusShowsNothingReady() {
    Deployment fresh =
        Serialization.unmarshal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec: {replicas: 1}
            """,
            Deployment.class);

    assertThat(PodObservations.observe(fresh, List.of()))
        .isEqualTo(new WorkloadObservation(1, 0, 0, false, List.of()));
  }
}
