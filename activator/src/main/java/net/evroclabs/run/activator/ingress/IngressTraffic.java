package net.evroclabs.run.activator.ingress;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative traffic per revision seen by the ingress, for an in-process autoscaler: requests,
 * requests in flight and a latency histogram with the gateway's bucket bounds. Thread-safe.
 */
public final class IngressTraffic {

  /** Upper bounds of the latency buckets in milliseconds; the same as the gateway's histogram. */
  public static final double[] BUCKET_BOUNDS_MS = {
    1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 225, 250, 300, 350,
    400, 500, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000, 30000, 60000, 300000, 600000
  };

  /**
   * One revision's counters.
   *
   * @param requests requests started
   * @param active requests whose response has not ended
   * @param latencyBucketCounts cumulative count per bound of {@link #BUCKET_BOUNDS_MS} (Prometheus
   *     {@code le}), the last entry is {@code +Inf}
   * @param latencySumMs sum of the observed latencies
   * @param latencyCount observed latencies
   */
  public record RevisionTraffic(
      long requests,
      long active,
      long[] latencyBucketCounts,
      double latencySumMs,
      long latencyCount) {

    @Override
    public boolean equals(Object o) {
      return o instanceof RevisionTraffic t
          && t.requests == requests
          && t.active == active
          && Arrays.equals(t.latencyBucketCounts, latencyBucketCounts)
          && Double.compare(t.latencySumMs, latencySumMs) == 0
          && t.latencyCount == latencyCount;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(requests) * 31 + Arrays.hashCode(latencyBucketCounts);
    }

    @Override
    public String toString() {
      return "RevisionTraffic[requests="
          + requests
          + ", active="
          + active
          + ", latencyCount="
          + latencyCount
          + ", latencySumMs="
          + latencySumMs
          + "]";
    }
  }

  private final ConcurrentHashMap<String, Counters> revisions = new ConcurrentHashMap<>();

  /** A request for {@code revision} starts. */
  public void started(String revision) {
    Counters c = revisions.computeIfAbsent(revision, r -> new Counters());
    c.requests.increment();
    c.active.increment();
  }

  /** A request for {@code revision} ended (response complete or connection closed). */
  public void ended(String revision, double latencyMs) {
    Counters c = revisions.computeIfAbsent(revision, r -> new Counters());
    c.active.decrement();
    int i = 0;
    while (i < BUCKET_BOUNDS_MS.length && latencyMs > BUCKET_BOUNDS_MS[i]) {
      i++;
    }
    c.buckets.incrementAndGet(i);
    c.sum.add(latencyMs);
    c.count.increment();
  }

  /** The counters of every revision seen so far, keyed {@code namespace/revision}. */
  public Map<String, RevisionTraffic> snapshot() {
    Map<String, RevisionTraffic> out = new TreeMap<>();
    revisions.forEach((k, c) -> out.put(k, c.snapshot()));
    return out;
  }

  private static final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder active = new LongAdder();
    final AtomicLongArray buckets = new AtomicLongArray(BUCKET_BOUNDS_MS.length + 1);
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder count = new LongAdder();

    RevisionTraffic snapshot() {
      long[] cumulative = new long[buckets.length()];
      long running = 0;
      for (int i = 0; i < cumulative.length; i++) {
        running += buckets.get(i);
        cumulative[i] = running;
      }
      return new RevisionTraffic(requests.sum(), active.sum(), cumulative, sum.sum(), count.sum());
    }
  }
}
