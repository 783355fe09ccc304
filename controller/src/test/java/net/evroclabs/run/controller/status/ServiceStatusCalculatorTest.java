package net.evroclabs.run.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ServiceStatus;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.api.Violation;
import net.evroclabs.run.controller.RouteState;
import net.evroclabs.run.controller.traffic.RevisionView;
import net.evroclabs.run.controller.traffic.TrafficResolution;
import org.junit.jupiter.api.Test;

class ServiceStatusCalculatorTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private static final String URL = "https://svc-k3x9q2m7ab.run.localhost";
  private static final TrafficStatus ALL_TO_ONE =
      new TrafficStatus("hello-00001", true, 100, null, null);

  private static ServiceStatus readyOnFirst() {
    return ServiceStatusCalculator.valid(
        new ServiceStatus(),
        1,
        URL,
        List.of(RevisionView.ready("hello", 1)),
        new TrafficResolution.Resolved(List.of(ALL_TO_ONE)),
        RouteState.acknowledged("published"),
        NOW);
  }

  private static Condition condition(ServiceStatus s, String type) {
    return s.condition(type);
  }

  @Test
  void readyRevisionWithAcknowledgedRoutesMakesTheServiceReady() {
    ServiceStatus s = readyOnFirst();

    assertThat(s.getUrl()).isEqualTo(URL);
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
    assertThat(s.getLatestCreatedRevisionName()).isEqualTo("hello-00001");
    assertThat(s.getLatestReadyRevisionName()).isEqualTo("hello-00001");
    assertThat(s.getTraffic()).containsExactly(ALL_TO_ONE);
    for (String type :
        List.of(Conditions.CONFIGURATION_READY, Conditions.ROUTES_READY, Conditions.READY)) {
      assertThat(condition(s, type).isTrue()).as(type).isTrue();
    }
  }

  @Test
  void deployingNewRevisionKeepsTrafficAndMakesReadyUnknown() {
    ServiceStatus s =
        ServiceStatusCalculator.valid(
            readyOnFirst(),
            2,
            URL,
            List.of(RevisionView.ready("hello", 1), RevisionView.pending("hello", 2)),
            new TrafficResolution.Resolved(List.of(ALL_TO_ONE)),
            RouteState.acknowledged("published"),
            NOW);

    assertThat(s.getLatestCreatedRevisionName()).isEqualTo("hello-00002");
    assertThat(s.getLatestReadyRevisionName()).isEqualTo("hello-00001");
    assertThat(condition(s, Conditions.CONFIGURATION_READY).getReason())
        .isEqualTo(ServiceReasons.DEPLOYING);
    assertThat(condition(s, Conditions.READY).getStatus()).isEqualTo(Condition.UNKNOWN);
    assertThat(s.getTraffic()).containsExactly(ALL_TO_ONE);
  }

  @Test
  void failedNewRevisionMakesTheServiceNotReadyAndSaysWhereTrafficStays() {
    ServiceStatus s =
        ServiceStatusCalculator.valid(
            readyOnFirst(),
            2,
            URL,
            List.of(
                RevisionView.ready("hello", 1),
                RevisionView.failed("hello", 2, "CrashLoopBackOff", "last exit code 3")),
            new TrafficResolution.Resolved(List.of(ALL_TO_ONE)),
            RouteState.acknowledged("published"),
            NOW);

    Condition ready = condition(s, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready.getReason()).isEqualTo(ServiceReasons.REVISION_FAILED);
    assertThat(ready.getMessage())
        .contains(
            "hello-00002", "CrashLoopBackOff", "last exit code 3", "stays on revision hello-00001");
    assertThat(condition(s, Conditions.ROUTES_READY).isTrue()).isTrue();
  }

  @Test
  void invalidSpecChangesOnlyConditionsAndGeneration() {
    ServiceStatus before = readyOnFirst();

    ServiceStatus s =
        ServiceStatusCalculator.invalid(
            before,
            3,
            URL,
            List.of(
                new Violation(
                    "spec.template.container.port", "80", "must be between 1024 and 65535"),
                new Violation(
                    "spec.traffic", "percent sum 90", "the percent values must sum to 100")),
            NOW);

    assertThat(s.getTraffic()).containsExactly(ALL_TO_ONE);
    assertThat(s.getLatestReadyRevisionName()).isEqualTo("hello-00001");
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    Condition ready = condition(s, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo(ServiceReasons.INVALID_SPEC);
    assertThat(ready.getMessage())
        .contains("spec.template.container.port = 80", "spec.traffic = percent sum 90");
    assertThat(condition(s, Conditions.ROUTES_READY).isTrue()).isTrue();
    assertThat(before.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void unresolvableTrafficKeepsTheRoutedTrafficAndFailsRoutesReady() {
    ServiceStatus s =
        ServiceStatusCalculator.valid(
            readyOnFirst(),
            2,
            URL,
            List.of(RevisionView.ready("hello", 1)),
            new TrafficResolution.Unresolved(true, "RevisionMissing", "spec.traffic[0] ..."),
            RouteState.pending(""),
            NOW);

    assertThat(s.getTraffic()).containsExactly(ALL_TO_ONE);
    assertThat(condition(s, Conditions.ROUTES_READY).getReason()).isEqualTo("RevisionMissing");
    assertThat(condition(s, Conditions.READY).getStatus()).isEqualTo(Condition.FALSE);
  }

  @Test
  void rejectedRoutesFailRoutesReadyWithTheGatewaysMessage() {
    ServiceStatus s =
        ServiceStatusCalculator.valid(
            new ServiceStatus(),
            1,
            URL,
            List.of(RevisionView.ready("hello", 1)),
            new TrafficResolution.Resolved(List.of(ALL_TO_ONE)),
            RouteState.rejected("route hello: duplicate domain"),
            NOW);

    Condition routes = condition(s, Conditions.ROUTES_READY);
    assertThat(routes.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(routes.getReason()).isEqualTo(ServiceReasons.GATEWAY_REJECTED);
    assertThat(routes.getMessage()).contains("duplicate domain");
    assertThat(condition(s, Conditions.READY).getReason())
        .isEqualTo(ServiceReasons.GATEWAY_REJECTED);
  }

  @Test
  void pendingAcknowledgementLeavesRoutesReadyUnknown() {
    ServiceStatus s =
        ServiceStatusCalculator.valid(
            new ServiceStatus(),
            1,
            URL,
            List.of(RevisionView.ready("hello", 1)),
            new TrafficResolution.Resolved(List.of(ALL_TO_ONE)),
            RouteState.pending(""),
            NOW);

    assertThat(condition(s, Conditions.ROUTES_READY).getStatus()).isEqualTo(Condition.UNKNOWN);
    assertThat(condition(s, Conditions.ROUTES_READY).getReason())
        .isEqualTo(ServiceReasons.AWAITING_GATEWAYS);
  }

  @Test
  void computingTheSameStatusAgainKeepsTransitionTimes() {
    ServiceStatus first = readyOnFirst();
    ServiceStatus second =
        ServiceStatusCalculator.valid(
            first,
            1,
            URL,
            List.of(RevisionView.ready("hello", 1)),
            new TrafficResolution.Resolved(List.of(ALL_TO_ONE)),
            RouteState.acknowledged("published"),
            NOW.plusSeconds(60));

    assertThat(second.getConditions()).isEqualTo(first.getConditions());
  }

  @Test
  void trafficPinnedToAFailedRevisionFailsRoutesReadyButIsRoutedAsAsked() {
    ServiceStatus s =
        ServiceStatusCalculator.valid(
            readyOnFirst(),
            2,
            URL,
            List.of(
                RevisionView.ready("hello", 1),
                RevisionView.failed("hello", 2, "CrashLoopBackOff", "exit 1")),
            new TrafficResolution.Resolved(
                List.of(new TrafficStatus("hello-00002", false, 100, null, null)),
                List.of("spec.traffic[0] sends 100 % to revision hello-00002, which failed")),
            RouteState.acknowledged("published"),
            NOW);

    assertThat(s.getTraffic())
        .containsExactly(new TrafficStatus("hello-00002", false, 100, null, null));
    assertThat(condition(s, Conditions.ROUTES_READY).getReason())
        .isEqualTo(ServiceReasons.REVISION_FAILED);
    assertThat(condition(s, Conditions.ROUTES_READY).getMessage()).contains("spec.traffic[0]");
  }
}
