package net.evroclabs.run.scaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.decision.Decision;
import net.evroclabs.run.scaler.decision.Mode;
import net.evroclabs.run.scaler.decision.Observation;
import net.evroclabs.run.scaler.decision.Replicas;
import net.evroclabs.run.scaler.decision.RevisionMemory;
import net.evroclabs.run.scaler.decision.ScalingMetric;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import net.evroclabs.run.scaler.decision.Tuning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusObserverIT {

  private static final RevisionKey BUSY = RevisionKey.parseOrNull(EnvoyStatsExporter.BUSY);
  private static final RevisionKey IDLE = RevisionKey.parseOrNull(EnvoyStatsExporter.IDLE);
  private static final RevisionKey UNKNOWN = new RevisionKey("team-b", "nothing-00001");
  private static final Map<RevisionKey, Double> P95 = Map.of(BUSY, 0.95, IDLE, 0.95, UNKNOWN, 0.95);

  private static EnvoyStatsExporter exporter;
  private static PrometheusProcess prometheus;
  private static PrometheusObserver observer;

  @BeforeAll
  static void start() throws Exception {
    exporter = new EnvoyStatsExporter(45, 5, 3);
    prometheus = PrometheusProcess.start(exporter.port());
    observer =
        new PrometheusObserver(
            new PrometheusClient(prometheus.uri(), Duration.ofSeconds(2)),
            // Short windows keep the test short; the queries are the same for any window.
            Duration.ofSeconds(10),
            Duration.ofSeconds(4));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  @Order(1)
  void queriesReturnRateInFlightLatencyAndHeldPerRevision() {
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Observations r = observer.observe(P95, Instant.now());
              assertThat(r.ok()).isTrue();
              Observation busy = r.observations().get(BUSY);
              assertThat(busy.hasData()).isTrue();
              assertThat(busy.stable().requestRate()).isCloseTo(45, within(2.0));
              assertThat(busy.panic().requestRate()).isCloseTo(45, within(4.0));
              assertThat(busy.stable().completionRate()).isCloseTo(45, within(2.0));
              assertThat(busy.stable().inFlight()).isCloseTo(5, within(0.01));
              // 90 % within 100 ms, 10 % in (100, 250]: p95 = 100 + 150 x 0.5.
              assertThat(busy.stable().latencyMs()).isCloseTo(175, within(5.0));
              assertThat(busy.held()).isEqualTo(3);
            });
    Observations r = observer.observe(P95, Instant.now());
    assertThat(r.observations().get(IDLE).hasData()).isTrue();
    assertThat(r.observations().get(IDLE).stable().requestRate()).isZero();
    assertThat(r.observations().get(IDLE).stable().hasLatency()).isFalse();
    assertThat(r.observations().get(UNKNOWN).hasData()).isFalse();
  }

  @Test
  @Order(2)
  void whatPrometheusReportsLeadsToTheRightDecision() {
    ScalingSpec rps = new ScalingSpec(ScalingMetric.RPS, 10, 0.95, 0, 20, Duration.ofSeconds(60));
    Observation busy = observer.observe(P95, Instant.now()).observations().get(BUSY);

    Decision d =
        new Autoscaler(Tuning.defaults())
            .decide(rps, busy, Replicas.of(3, 3), RevisionMemory.empty(), Instant.now());

    // 45 req/s plus 3 held spread over the 6 s panic window, at 10 req/s per pod.
    assertThat(d.desired()).isEqualTo(5);
  }

  @Test
  @Order(3)
  void aPanicWindowShorterThanTwoScrapesFallsBackToTheStableWindow() {
    PrometheusObserver tooShort =
        new PrometheusObserver(
            new PrometheusClient(prometheus.uri(), Duration.ofSeconds(2)),
            Duration.ofSeconds(10),
            Duration.ofMillis(500));

    Observation busy = tooShort.observe(P95, Instant.now()).of(BUSY);

    assertThat(busy.hasData()).isTrue();
    assertThat(busy.panic()).isEqualTo(busy.stable());
    assertThat(busy.recentlyActive()).isTrue();
  }

  @Test
  @Order(4)
  void prometheusStoppedMeansEveryRevisionKeepsItsScale() throws Exception {
    prometheus.stop();

    Observations r = observer.observe(P95, Instant.now());
    Decision d =
        new Autoscaler(Tuning.defaults())
            .decide(
                ScalingSpec.latency(200, 0.95),
                r.observations().get(BUSY),
                Replicas.of(3, 3),
                RevisionMemory.empty(),
                Instant.now());

    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isNotBlank();
    assertThat(r.observations()).hasSize(3).allSatisfy((k, o) -> assertThat(o.hasData()).isFalse());
    assertThat(d.desired()).isEqualTo(3);
    assertThat(d.mode()).isEqualTo(Mode.NO_DATA);
  }
}
