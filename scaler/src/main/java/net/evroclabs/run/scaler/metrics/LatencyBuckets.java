package net.evroclabs.run.scaler.metrics;

import java.util.Arrays;

/**
 * Histogram bucket bounds (ms) of the request-time histogram, as configured for Envoy's {@code
 * cluster.upstream_rq_time}, and Prometheus' {@code histogram_quantile} over them.
 */
public final class LatencyBuckets {

  /** Upper bounds in ms; the last bucket is +Inf. */
  public static final double[] BOUNDS = {
    1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 225, 250, 300, 350,
    400, 500, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000, 30000, 60000, 300000
  };

  private LatencyBuckets() {}

  /** Index of the bucket a latency falls into ({@code BOUNDS.length} is +Inf). */
  public static int index(double ms) {
    int i = Arrays.binarySearch(BOUNDS, ms);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * Prometheus' {@code histogram_quantile}: finds the bucket holding the rank and interpolates
   * linearly inside it. {@code counts} are per bucket (not cumulative), length {@code BOUNDS.length
   * + 1}. NaN when empty.
   */
  public static double quantile(double q, long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      if (seen + counts[i] >= rank && counts[i] > 0) {
        if (i == BOUNDS.length) {
          return BOUNDS[BOUNDS.length - 1];
        }
        double lower = i == 0 ? 0 : BOUNDS[i - 1];
        double upper = BOUNDS[i];
        return lower + (upper - lower) * (rank - seen) / counts[i];
      }
      seen += counts[i];
    }
    return BOUNDS[BOUNDS.length - 1];
  }
}
