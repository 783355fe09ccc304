package net.evroclabs.run.scaler.metrics;

import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.scaler.decision.WindowStats;

/**
 * Scrapes of one revision's cumulative counters, answering window queries as Prometheus would
 * ({@code rate}, {@code avg_over_time}, {@code histogram_quantile} over the window's increase).
 * Scrapes older than the longest window asked for are dropped. Not thread-safe.
 */
public final class CounterSamples {

  /**
   * One scrape.
   *
   * @param at seconds on any fixed time line
   * @param requests requests started so far
   * @param latencyCounts requests completed so far per latency bucket ({@link
   *     LatencyBuckets#BOUNDS}, then +Inf), not cumulative across buckets
   * @param inFlight requests in flight at the scrape
   * @param held requests held by the activator at the scrape
   */
  public record Sample(
      double at, long requests, long[] latencyCounts, double inFlight, double held) {}

  private final double keepSeconds;
  private final List<Sample> samples = new ArrayList<>();

  /** Keeps scrapes for {@code keepSeconds} (infinite keeps them all). */
  public CounterSamples(double keepSeconds) {
    this.keepSeconds = keepSeconds;
  }

  public void add(Sample sample) {
    samples.add(sample);
    int drop = 0;
    while (drop + 1 < samples.size() && samples.get(drop + 1).at() < sample.at() - keepSeconds) {
      drop++;
    }
    if (drop > 0) {
      samples.subList(0, drop).clear();
    }
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  /** The held gauge at the last scrape. */
  public double held() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).held();
  }

  /**
   * What a query over the last {@code windowSeconds} returns at {@code now}, or null if nothing.
   */
  public WindowStats window(double now, double windowSeconds, double percentile) {
    int end = lastAtOrBefore(now);
    if (end < 0) {
      return null;
    }
    Sample last = samples.get(end);
    int start = lastAtOrBefore(last.at() - windowSeconds);
    if (start < 0) {
      start = 0;
    }
    Sample first = samples.get(start);
    double span = last.at() - first.at();
    long count = last.requests() - first.requests();
    double rate = span > 0 ? count / span : 0;
    double inFlight = 0;
    int n = 0;
    for (int i = start + 1; i <= end; i++) {
      inFlight += samples.get(i).inFlight();
      n++;
    }
    inFlight = n > 0 ? inFlight / n : last.inFlight();
    long[] diff = new long[last.latencyCounts().length];
    long completed = 0;
    for (int i = 0; i < diff.length; i++) {
      diff[i] = last.latencyCounts()[i] - first.latencyCounts()[i];
      completed += diff[i];
    }
    double completionRate = span > 0 ? completed / span : 0;
    return new WindowStats(
        rate, inFlight, LatencyBuckets.quantile(percentile, diff), count, completionRate);
  }

  private int lastAtOrBefore(double t) {
    int lo = 0;
    int hi = samples.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (samples.get(mid).at() <= t + 1e-9) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
