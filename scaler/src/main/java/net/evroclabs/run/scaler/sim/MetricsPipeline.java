package net.evroclabs.run.scaler.sim;

import net.evroclabs.run.scaler.decision.WindowStats;
import net.evroclabs.run.scaler.metrics.CounterSamples;
import net.evroclabs.run.scaler.metrics.LatencyBuckets;

/**
 * A simulated Prometheus: it scrapes the revision's counters every scrape interval, and answers
 * window queries only from what it has scraped, so decisions see the same delay as in production.
 */
final class MetricsPipeline {

  private final double scrapeSeconds;
  private final CounterSamples samples = new CounterSamples(Double.POSITIVE_INFINITY);
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
    samples.add(new CounterSamples.Sample(now, requests, latencyCounts.clone(), inFlight, held));
    nextScrape = now + scrapeSeconds;
  }

  /** The held gauge at the last scrape. */
  double held() {
    return samples.held();
  }

  /**
   * What a query over the last {@code windowSeconds} returns at {@code now}, or null if nothing.
   */
  WindowStats window(double now, double windowSeconds, double percentile) {
    return samples.window(now, windowSeconds, percentile);
  }
}
