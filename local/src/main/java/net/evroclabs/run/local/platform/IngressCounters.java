package net.evroclabs.run.local.platform;

import java.util.HashMap;
import java.util.Map;
import net.evroclabs.run.activator.Activator;
import net.evroclabs.run.activator.ingress.IngressTraffic;
import net.evroclabs.run.scaler.metrics.LatencyBuckets;
import net.evroclabs.run.scaler.metrics.SampledObserver;

/**
 * The local ingress' per-revision counters as the autoscaler reads them: requests, in flight,
 * latency histogram re-bucketed onto the scaler's bounds, and requests held by the activator.
 */
final class IngressCounters {

  private IngressCounters() {}

  static Map<String, SampledObserver.Counters> read(Activator activator) {
    Map<String, SampledObserver.Counters> out = new HashMap<>();
    Map<String, Integer> held = new HashMap<>();
    activator.registry().heldCounts().forEach((k, v) -> held.put(k.toString(), v));
    if (activator.ingressTraffic().isEmpty()) {
      return Map.of();
    }
    IngressTraffic traffic = activator.ingressTraffic().get();
    for (Map.Entry<String, IngressTraffic.RevisionTraffic> e : traffic.snapshot().entrySet()) {
      IngressTraffic.RevisionTraffic t = e.getValue();
      out.put(
          e.getKey(),
          new SampledObserver.Counters(
              t.requests(),
              rebucket(IngressTraffic.BUCKET_BOUNDS_MS, t.latencyBucketCounts()),
              t.active(),
              held.getOrDefault(e.getKey(), 0)));
    }
    held.forEach(
        (k, v) ->
            out.putIfAbsent(
                k,
                new SampledObserver.Counters(0, new long[LatencyBuckets.BOUNDS.length + 1], 0, v)));
    return out;
  }

  /**
   * Per-bucket counts on the scaler's bounds from cumulative ({@code le}) counts on {@code bounds},
   * the last entry being +Inf.
   */
  static long[] rebucket(double[] bounds, long[] cumulative) {
    long[] out = new long[LatencyBuckets.BOUNDS.length + 1];
    long previous = 0;
    for (int i = 0; i < cumulative.length; i++) {
      long inBucket = cumulative[i] - previous;
      previous = cumulative[i];
      int target =
          i < bounds.length ? LatencyBuckets.index(bounds[i]) : LatencyBuckets.BOUNDS.length;
      out[Math.min(target, LatencyBuckets.BOUNDS.length)] += inBucket;
    }
    return out;
  }
}
