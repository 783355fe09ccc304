package net.evroclabs.run.scaler.sim;

import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.scaler.decision.WindowStats;

/**
 * A simulated Prometheus: it scrapes the revision's counters every scrape interval, and answers
 * window queries only from what it has scraped, so decisions see the same delay as in production.
 */
final class MetricsPipeline {

  private record Sample(
      double at, long requests, long[] latencyCounts, double inFlight, double held) {}

  private final double scrapeSeconds;
  private final List<Sample> samples = new ArrayList<>();
  private final long[] latencyCounts = new long[LatencyBuckets.BOUNDS.length + 1];
  private long requests;
  private double nextScrape;

  MetricsPipeline(double scrapeSeconds) {
    this.scrapeSeconds = scrapeSeconds;
  }

  double nextScrape() {
    return nextScrape;
  }

  void requestStarted() {
    requests++;
  }

  void requestFinished(double latencyMs) {
    latencyCounts[LatencyBuckets.index(latencyMs)]++;
  }

  void scrape(double now, double inFlight, double held) {
    samples.add(new Sample(now, requests, latencyCounts.clone(), inFlight, held));
    nextScrape = now + scrapeSeconds;
  }

  /** The held gauge at the last scrape. */
  double held() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).held();
  }

  /**
   * What a query over the last {@code windowSeconds} returns at {@code now}, or null if nothing.
   */
  WindowStats window(double now, double windowSeconds, double percentile) {
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
    long[] diff = new long[latencyCounts.length];
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
