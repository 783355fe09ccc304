package net.evroclabs.run.scaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.decision.Observation;
import net.evroclabs.run.scaler.decision.Replicas;
import net.evroclabs.run.scaler.decision.ScalingMetric;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import net.evroclabs.run.scaler.decision.Tuning;
import net.evroclabs.run.scaler.decision.WindowStats;
import net.evroclabs.run.scaler.kube.InMemoryWorkloads;
import net.evroclabs.run.scaler.kube.ScaledRevision;
import net.evroclabs.run.scaler.metrics.MetricsSource;
import net.evroclabs.run.scaler.metrics.Observations;
import org.junit.jupiter.api.Test;

class ScalerLoopTest {

  private static final ScalingSpec RPS =
      new ScalingSpec(ScalingMetric.RPS, 10, 0.95, 0, 20, Duration.ofSeconds(60));
  private static final RevisionKey BUSY = new RevisionKey("team-a", "hello-00001");
  private static final RevisionKey ASLEEP = new RevisionKey("team-a", "hello-00002");

  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InMemoryWorkloads workloads = new InMemoryWorkloads();
  private final Map<RevisionKey, Observation> table = new HashMap<>();
  private Set<RevisionKey> lastAsked = Set.of();
  private String failure;
  private final MetricsSource source =
      (percentiles, at) -> {
        lastAsked = Set.copyOf(percentiles.keySet());
        Map<RevisionKey, Observation> out = new HashMap<>();
        percentiles
            .keySet()
            .forEach(k -> out.put(k, failure == null ? table.get(k) : Observation.missing()));
        return new Observations(out, failure);
      };
  private final ScalerMetrics metrics = new ScalerMetrics();
  private final ScalerLoop loop =
      new ScalerLoop(new Autoscaler(Tuning.defaults()), workloads, source, metrics);

  private static Observation rps(double rate) {
    WindowStats w = new WindowStats(rate, rate * 0.05, 50, rate * 60);
    return new Observation(w, new WindowStats(rate, rate * 0.05, 50, rate * 6), 0);
  }

  @Test
  void aTickScalesAChangedRevisionAndRecordsWhyInWords() {
    workloads.put(new ScaledRevision(BUSY, RPS, Replicas.of(3, 3)));
    table.put(BUSY, rps(45));

    loop.tick(now);

    assertThat(workloads.revision(BUSY).orElseThrow().replicas().desired()).isEqualTo(5);
    assertThat(workloads.events())
        .containsExactly(
            new InMemoryWorkloads.Event(
                BUSY, "ScaledUp", "3 → 5: 45 req/s vs target 10 req/s per pod"));
  }

  @Test
  void revisionsAtZeroAreNotQueriedUntilPoked() {
    workloads.put(new ScaledRevision(BUSY, RPS, Replicas.of(1, 1)));
    workloads.put(new ScaledRevision(ASLEEP, RPS, Replicas.of(0, 0)));
    table.put(BUSY, rps(5));

    loop.tick(now);
    assertThat(lastAsked).containsExactly(BUSY);

    loop.poke(ASLEEP, now);
    assertThat(workloads.revision(ASLEEP).orElseThrow().replicas().desired()).isEqualTo(1);
    assertThat(workloads.events().get(workloads.events().size() - 1).reason())
        .isEqualTo("ScaledFromZero");
  }

  @Test
  void whenMetricsFailEveryRevisionKeepsItsScaleAndTheMetricSaysSo() {
    workloads.put(new ScaledRevision(BUSY, RPS, Replicas.of(4, 4)));
    failure = "connection refused";

    for (int i = 0; i < 100; i++) {
      loop.tick(now.plusSeconds(2L * i));
    }

    assertThat(workloads.revision(BUSY).orElseThrow().replicas().desired()).isEqualTo(4);
    assertThat(workloads.events()).isEmpty();
    assertThat(metrics.registry().scrape().stream())
        .anySatisfy(
            s -> {
              assertThat(s.getMetadata().getName()).isEqualTo("run_scaler_metrics_up");
              assertThat(s.getDataPoints().get(0).getLabels().size()).isZero();
              assertThat(
                      ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot)
                              s.getDataPoints().get(0))
                          .getValue())
                  .isZero();
            });
  }

  @Test
  void aNewTermStartsWithNothingRememberedSoNothingShrinksForAFullWindow() {
    workloads.put(new ScaledRevision(BUSY, RPS, Replicas.of(3, 3)));
    table.put(BUSY, rps(45));
    loop.tick(now);
    table.put(BUSY, rps(5));
    for (int i = 1; i <= 160; i++) {
      loop.tick(now.plusSeconds(2L * i));
    }
    assertThat(workloads.revision(BUSY).orElseThrow().replicas().desired()).isEqualTo(1);
    workloads.scale(BUSY, 6);

    loop.forgetAll();
    loop.tick(now.plusSeconds(400));

    assertThat(workloads.revision(BUSY).orElseThrow().replicas().desired()).isEqualTo(6);
  }

  @Test
  void aPokeForAnUnknownRevisionChangesNothing() {
    assertThat(loop.poke(ASLEEP, now)).isEmpty();
    assertThat(workloads.events()).isEmpty();
  }

  @Test
  void aPokeIsIdempotent() {
    workloads.put(new ScaledRevision(ASLEEP, RPS, Replicas.of(0, 0)));
    loop.poke(ASLEEP, now);
    loop.poke(ASLEEP, now);
    loop.poke(ASLEEP, now);
    assertThat(workloads.revision(ASLEEP).orElseThrow().replicas().desired()).isEqualTo(1);
    assertThat(workloads.events()).hasSize(1);
  }

  @Test
  void aFailingRevisionDoesNotStopTheOthers() {
    workloads.put(new ScaledRevision(BUSY, RPS, Replicas.of(3, 3)));
    workloads.put(new ScaledRevision(ASLEEP, RPS, Replicas.of(2, 2)));
    table.put(BUSY, rps(45));
    // No observation at all for the second revision makes its decision throw.
    table.put(ASLEEP, null);

    loop.tick(now);

    assertThat(workloads.revision(BUSY).orElseThrow().replicas().desired()).isEqualTo(5);
    assertThat(workloads.revision(ASLEEP).orElseThrow().replicas().desired()).isEqualTo(2);
  }
}
