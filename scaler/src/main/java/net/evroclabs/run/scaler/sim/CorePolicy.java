package net.evroclabs.run.scaler.sim;

import java.time.Instant;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.decision.Decision;
import net.evroclabs.run.scaler.decision.Observation;
import net.evroclabs.run.scaler.decision.Replicas;
import net.evroclabs.run.scaler.decision.RevisionMemory;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import net.evroclabs.run.scaler.decision.WindowStats;

/** Our decision core, driven exactly as the scaler process drives it. */
final class CorePolicy implements SimPolicy {

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Autoscaler autoscaler;
  private final ScalingSpec spec;
  private RevisionMemory memory = RevisionMemory.empty();
  private String lastReason = "";

  CorePolicy(Autoscaler autoscaler, ScalingSpec spec) {
    this.autoscaler = autoscaler;
    this.spec = spec;
  }

  @Override
  public String name() {
    return spec.metric().spelling();
  }

  @Override
  public int tick(MetricsPipeline metrics, int desired, int ready, double now) {
    double stableSeconds = autoscaler.tuning().stableWindow().toMillis() / 1000.0;
    double panicSeconds = autoscaler.tuning().panicWindow().toMillis() / 1000.0;
    WindowStats stable = metrics.window(now, stableSeconds, spec.percentile());
    WindowStats panic = metrics.window(now, panicSeconds, spec.percentile());
    Observation obs =
        stable == null ? Observation.missing() : new Observation(stable, panic, metrics.held());
    Decision d = autoscaler.decide(spec, obs, Replicas.of(desired, ready), memory, at(now));
    memory = d.memory();
    lastReason = d.reason();
    return d.desired();
  }

  @Override
  public int poke(int desired, double now) {
    Decision d = autoscaler.poke(spec, Replicas.of(desired, 0), memory, at(now));
    memory = d.memory();
    lastReason = d.reason();
    return d.desired();
  }

  @Override
  public String lastReason() {
    return lastReason;
  }

  private static Instant at(double seconds) {
    return EPOCH.plusNanos((long) (seconds * 1e9));
  }
}
