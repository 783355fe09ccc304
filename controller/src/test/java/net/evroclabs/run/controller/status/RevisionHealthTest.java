package net.evroclabs.run.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.HttpGetAction;
import net.evroclabs.run.api.Probe;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.RevisionStatus;
import net.evroclabs.run.controller.ContainerObservation;
import net.evroclabs.run.controller.WorkloadObservation;
import org.junit.jupiter.api.Test;

class RevisionHealthTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  private static Revision revision(RevisionStatus status) {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");
    c.setPort(8080);
    RevisionSpec spec = new RevisionSpec();
    spec.setContainer(c);
    Revision r = new Revision();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello-00001")
            .withNamespace("team-a")
            .withGeneration(1L)
            .withCreationTimestamp(CREATED.toString())
            .build());
    r.setSpec(spec);
    r.setStatus(status);
    return r;
  }

  private static WorkloadObservation workload(int available, ContainerObservation... containers) {
    return new WorkloadObservation(1, available, available, false, List.of(containers));
  }

  private static RevisionAssessment assess(
      Revision r, WorkloadObservation w, Duration sinceCreation) {
    return RevisionHealth.assess(r, Optional.of(w), CREATED.plus(sinceCreation), DEADLINE);
  }

  private static Condition ready(RevisionAssessment a) {
    return a.status().condition(Conditions.READY);
  }

  @Test
  void newRevisionWithoutReadyInstancesIsDeployingAndIsCheckedAgainAtTheDeadline() {
    RevisionAssessment a = assess(revision(null), workload(0), Duration.ofMinutes(1));

    assertThat(ready(a).getStatus()).isEqualTo(Condition.UNKNOWN);
    assertThat(ready(a).getReason()).isEqualTo(RevisionReasons.DEPLOYING);
    assertThat(a.transition()).isEqualTo(RevisionAssessment.Transition.NONE);
    assertThat(a.recheckAfter()).contains(Duration.ofMinutes(3));
  }

  @Test
  void revisionBecomesReadyOnceAnInstanceIsAvailable() {
    RevisionAssessment a =
        assess(revision(null), workload(1, ContainerObservation.running()), Duration.ofSeconds(5));

    assertThat(ready(a).isTrue()).isTrue();
    assertThat(a.status().condition(Conditions.CONTAINER_HEALTHY).isTrue()).isTrue();
    assertThat(a.status().condition(Conditions.RESOURCES_AVAILABLE).isTrue()).isTrue();
    assertThat(a.status().getReadyReplicas()).isEqualTo(1);
    assertThat(a.transition()).isEqualTo(RevisionAssessment.Transition.BECAME_READY);
    assertThat(ready(a).getLastTransitionTime()).isEqualTo(CREATED.plusSeconds(5).toString());
  }

  @Test
  void readyRevisionStaysReadyWhenScaledToZero() {
    RevisionAssessment first =
        assess(revision(null), workload(1, ContainerObservation.running()), Duration.ofSeconds(5));

    RevisionAssessment second =
        assess(
            revision(first.status()),
            new WorkloadObservation(0, 0, 0, false, List.of()),
            Duration.ofHours(1));

    assertThat(ready(second).isTrue()).isTrue();
    assertThat(second.transition()).isEqualTo(RevisionAssessment.Transition.NONE);
    assertThat(ready(second).getLastTransitionTime())
        .isEqualTo(ready(first).getLastTransitionTime());
  }

  @Test
  void imagePullFailureFailsTheRevisionWithTheRuntimeReasonAndTheImage() {
    RevisionAssessment a =
        assess(
            revision(null),
            workload(0, ContainerObservation.waiting("ImagePullBackOff", "Back-off pulling image")),
            Duration.ofSeconds(30));

    assertThat(ready(a).getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready(a).getReason()).isEqualTo("ImagePullBackOff");
    assertThat(ready(a).getMessage())
        .contains("registry.example/hello:1.0", "Back-off pulling image");
    assertThat(a.status().condition(Conditions.CONTAINER_HEALTHY).getStatus())
        .isEqualTo(Condition.FALSE);
    assertThat(a.transition()).isEqualTo(RevisionAssessment.Transition.FAILED);
  }

  @Test
  void crashLoopFailsTheRevisionWithTheLastExitCode() {
    RevisionAssessment a =
        assess(
            revision(null),
            workload(0, new ContainerObservation("CrashLoopBackOff", "back-off", 137, 4, false)),
            Duration.ofSeconds(30));

    assertThat(ready(a).getReason()).isEqualTo(RevisionReasons.CRASH_LOOP);
    assertThat(ready(a).getMessage()).contains("last exit code 137", "4 restarts", "port 8080");
  }

  @Test
  void rootImageFailsTheRevisionWithAdviceToSetANonRootUser() {
    RevisionAssessment a =
        assess(
            revision(null),
            workload(
                0,
                ContainerObservation.waiting(
                    "CreateContainerConfigError",
                    "container has runAsNonRoot and image will run as root (pod: \"p\")")),
            Duration.ofSeconds(30));

    assertThat(ready(a).getReason()).isEqualTo(RevisionReasons.IMAGE_RUNS_AS_ROOT);
    assertThat(ready(a).getMessage()).contains("runs as root", "USER 65532", "new revision");
  }

  @Test
  void rootRefusalOutranksOtherProblemsOfOtherInstances() {
    RevisionAssessment a =
        assess(
            revision(null),
            workload(
                0,
                new ContainerObservation("CrashLoopBackOff", "back-off", 1, 2, false),
                ContainerObservation.waiting(
                    "CreateContainerConfigError",
                    "container has runAsNonRoot and image will run as root")),
            Duration.ofSeconds(30));

    assertThat(ready(a).getReason()).isEqualTo(RevisionReasons.IMAGE_RUNS_AS_ROOT);
  }

  @Test
  void revisionFailsWhenNoInstanceIsReadyByTheProgressDeadline() {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");
    c.setPort(9000);
    c.setReadinessProbe(new Probe(new HttpGetAction("/healthz")));
    Revision r = revision(null);
    r.getSpec().setContainer(c);

    RevisionAssessment a = assess(r, workload(0), DEADLINE);

    assertThat(ready(a).getReason()).isEqualTo(RevisionReasons.PROGRESS_DEADLINE_EXCEEDED);
    assertThat(ready(a).getMessage()).contains("4m", "GET of /healthz on port 9000");
    assertThat(a.status().condition(Conditions.RESOURCES_AVAILABLE).getStatus())
        .isEqualTo(Condition.FALSE);
    assertThat(a.transition()).isEqualTo(RevisionAssessment.Transition.FAILED);
  }

  @Test
  void revisionFailsAtOnceWhenTheWorkloadReportsItStoppedProgressing() {
    RevisionAssessment a =
        assess(
            revision(null),
            new WorkloadObservation(1, 0, 0, true, List.of()),
            Duration.ofSeconds(10));

    assertThat(ready(a).getReason()).isEqualTo(RevisionReasons.PROGRESS_DEADLINE_EXCEEDED);
  }

  @Test
  void failureIsFinalOnceTheInstancesAreGone() {
    RevisionAssessment failed =
        assess(
            revision(null),
            workload(0, ContainerObservation.waiting("ErrImagePull", "not found")),
            Duration.ofSeconds(30));

    RevisionAssessment later =
        assess(
            revision(failed.status()),
            new WorkloadObservation(0, 0, 0, false, List.of()),
            Duration.ofMinutes(10));

    assertThat(ready(later).getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready(later).getReason()).isEqualTo("ErrImagePull");
    assertThat(later.transition()).isEqualTo(RevisionAssessment.Transition.NONE);
  }

  @Test
  void assessingTheSameStateTwiceGivesAnEqualStatus() {
    RevisionAssessment first =
        assess(revision(null), workload(1, ContainerObservation.running()), Duration.ofSeconds(5));
    RevisionAssessment second =
        assess(
            revision(first.status()),
            workload(1, ContainerObservation.running()),
            Duration.ofSeconds(50));

    assertThat(second.status().getConditions()).isEqualTo(first.status().getConditions());
  }

  @Test
  void readyRevisionWhoseNewInstancesCrashStaysReadyAndSaysSoInContainerHealthy() {
    RevisionAssessment first =
        assess(revision(null), workload(1, ContainerObservation.running()), Duration.ofSeconds(5));

    RevisionAssessment later =
        assess(
            revision(first.status()),
            workload(0, new ContainerObservation("CrashLoopBackOff", "back-off", 1, 3, false)),
            Duration.ofHours(2));

    assertThat(ready(later).isTrue()).isTrue();
    Condition healthy = later.status().condition(Conditions.CONTAINER_HEALTHY);
    assertThat(healthy.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(healthy.getReason()).isEqualTo(RevisionReasons.CRASH_LOOP);
    assertThat(later.transition()).isEqualTo(RevisionAssessment.Transition.NONE);

    RevisionAssessment recovered =
        assess(
            revision(later.status()),
            workload(1, ContainerObservation.running()),
            Duration.ofHours(3));

    assertThat(recovered.status().condition(Conditions.CONTAINER_HEALTHY).isTrue()).isTrue();
  }
}
