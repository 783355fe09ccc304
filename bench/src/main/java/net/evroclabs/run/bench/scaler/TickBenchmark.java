package net.evroclabs.run.bench.scaler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import net.evroclabs.run.scaler.loop.ScalerLoop;
import net.evroclabs.run.scaler.loop.ScalerMetrics;
import net.evroclabs.run.scaler.metrics.Observations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One scaler tick over many revisions: read the workloads, take one batch of observations, decide
 * every revision, apply the changes. Metrics come from memory, so this is the decision cost alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TickBenchmark {

  @Param("10000")
  public int revisions;

  private ScalerLoop loop;
  private Instant now;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    InMemoryWorkloads workloads = new InMemoryWorkloads();
    Map<RevisionKey, Observation> table = new HashMap<>();
    ScalingMetric[] metrics = ScalingMetric.values();
    for (int i = 0; i < revisions; i++) {
      RevisionKey key = new RevisionKey("ns-" + (i % 100), "svc-" + i + "-00001");
      ScalingMetric metric = metrics[i % metrics.length];
      double target = metric == ScalingMetric.LATENCY ? 200 : metric == ScalingMetric.RPS ? 50 : 10;
      ScalingSpec spec = new ScalingSpec(metric, target, 0.95, 0, 100, Duration.ofSeconds(60));
      int replicas = 1 + random.nextInt(20);
      workloads.put(new ScaledRevision(key, spec, Replicas.of(replicas, replicas)));
      double rps = random.nextDouble(1, 2000);
      double latency = random.nextDouble(40, 600);
      table.put(
          key,
          new Observation(
              new WindowStats(rps, rps * latency / 2000, latency, rps * 60),
              new WindowStats(
                  rps * random.nextDouble(0.5, 3), rps * latency / 2000, latency, rps * 6),
              random.nextInt(10) == 0 ? random.nextInt(5) : 0));
    }
    loop =
        new ScalerLoop(
            new Autoscaler(Tuning.defaults()),
            workloads,
            (percentiles, at) -> new Observations(table, null),
            new ScalerMetrics());
    now = Instant.parse("2026-01-01T00:00:00Z");
  }

  @Benchmark
  public int tick() {
    now = now.plusSeconds(2);
    return loop.tick(now);
  }
}
