package net.evroclabs.run.scaler.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Observation;
import net.evroclabs.run.scaler.decision.WindowStats;

/**
 * Observations from counters read in the same process (the local ingress), instead of Prometheus:
 * {@link #sample} scrapes them (call it every second or so), {@link #observe} answers the stable
 * and panic windows from those scrapes exactly as the Prometheus queries would. A revision that
 * never had a request is idle, not missing: nothing stands between the counters and this observer
 * that could lose them. Thread-safe.
 */
public final class SampledObserver implements MetricsSource {

  /**
   * A revision's cumulative counters, as the gateway's cluster stats would give them.
   *
   * @param requests requests started so far
   * @param latencyCounts requests completed so far per latency bucket ({@link
   *     LatencyBuckets#BOUNDS}, then +Inf), not cumulative across buckets
   * @param inFlight requests in flight now
   * @param held requests held by the activator now
   */
  public record Counters(long requests, long[] latencyCounts, double inFlight, double held) {
    public Counters {
      if (latencyCounts.length != LatencyBuckets.BOUNDS.length + 1) {
        throw new IllegalArgumentException(
            "latencyCounts has "
                + latencyCounts.length
                + " buckets, must have "
                + (LatencyBuckets.BOUNDS.length + 1));
      }
    }
  }

  private final Supplier<Map<String, Counters>> source;
  private final double stableSeconds;
  private final double panicSeconds;
  private final Map<String, CounterSamples> series = new HashMap<>();

  /**
   * @param source the counters of every revision, keyed {@code namespace/revision}
   */
  public SampledObserver(Supplier<Map<String, Counters>> source, Duration stable, Duration panic) {
    this.source = source;
    this.stableSeconds = stable.toMillis() / 1000.0;
    this.panicSeconds = panic.toMillis() / 1000.0;
  }

  /** Scrapes every revision's counters at {@code now}. */
  public void sample(Instant now) {
    Map<String, Counters> counters = source.get();
    double at = now.toEpochMilli() / 1000.0;
    synchronized (series) {
      for (Map.Entry<String, Counters> e : counters.entrySet()) {
        Counters c = e.getValue();
        series
            .computeIfAbsent(e.getKey(), k -> new CounterSamples(stableSeconds + 1))
            .add(
                new CounterSamples.Sample(
                    at, c.requests(), c.latencyCounts().clone(), c.inFlight(), c.held()));
      }
    }
  }

  @Override
  public Observations observe(Map<RevisionKey, Double> percentiles, Instant now) {
    double at = now.toEpochMilli() / 1000.0;
    Map<RevisionKey, Observation> out = new HashMap<>();
    synchronized (series) {
      for (Map.Entry<RevisionKey, Double> e : percentiles.entrySet()) {
        CounterSamples s = series.get(e.getKey().toString());
        WindowStats stable = s == null ? null : s.window(at, stableSeconds, e.getValue());
        if (stable == null) {
          out.put(e.getKey(), Observation.idle());
          continue;
        }
        WindowStats panic = s.window(at, panicSeconds, e.getValue());
        out.put(e.getKey(), new Observation(stable, panic, s.held()));
      }
    }
    return new Observations(out, null);
  }
}
