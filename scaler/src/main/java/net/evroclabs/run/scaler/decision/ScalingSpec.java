package net.evroclabs.run.scaler.decision;

import java.time.Duration;

/**
 * The autoscaling settings of one revision, already defaulted.
 *
 * @param metric what to scale on
 * @param target milliseconds (latency), in-flight requests per pod (concurrency) or requests per
 *     second per pod (rps)
 * @param percentile the latency percentile as a fraction, for example 0.95 for p95
 * @param minScale never fewer replicas than this
 * @param maxScale never more replicas than this
 * @param scaleToZeroDelay how long a revision must be idle before it goes to zero
 */
public record ScalingSpec(
    ScalingMetric metric,
    double target,
    double percentile,
    int minScale,
    int maxScale,
    Duration scaleToZeroDelay) {

  public ScalingSpec {
    if (metric == null) {
      throw new IllegalArgumentException("autoscaling.metric = null, must be set");
    }
    if (!(target > 0) || Double.isInfinite(target)) {
      throw new IllegalArgumentException("autoscaling.target = " + target + ", must be > 0");
    }
    if (!(percentile > 0 && percentile < 1)) {
      throw new IllegalArgumentException(
          "autoscaling.percentile = " + percentile + ", must be between 0 and 1 exclusive");
    }
    if (minScale < 0) {
      throw new IllegalArgumentException("autoscaling.minScale = " + minScale + ", must be >= 0");
    }
    if (maxScale < 1 || maxScale < minScale) {
      throw new IllegalArgumentException(
          "autoscaling.maxScale = " + maxScale + ", must be >= 1 and >= minScale " + minScale);
    }
    if (scaleToZeroDelay == null || scaleToZeroDelay.isNegative()) {
      throw new IllegalArgumentException(
          "autoscaling.scaleToZeroDelay = " + scaleToZeroDelay + ", must be >= 0s");
    }
  }

  /** A latency target at a percentile with the platform's other defaults. */
  public static ScalingSpec latency(double targetMs, double percentile) {
    return new ScalingSpec(
        ScalingMetric.LATENCY, targetMs, percentile, 0, 10, Duration.ofSeconds(60));
  }

  public ScalingSpec withScale(int min, int max) {
    return new ScalingSpec(metric, target, percentile, min, max, scaleToZeroDelay);
  }

  public ScalingSpec withScaleToZeroDelay(Duration delay) {
    return new ScalingSpec(metric, target, percentile, minScale, maxScale, delay);
  }

  /** The percentile as users write it, for example {@code p95}. */
  public String percentileName() {
    return "p" + Math.round(percentile * 100);
  }

  /** Parses {@code p50}..{@code p99} into a fraction. */
  public static double parsePercentile(String field, String value) {
    if (value != null && value.matches("[pP][0-9]{1,2}")) {
      int p = Integer.parseInt(value.substring(1));
      if (p > 0) {
        return p / 100.0;
      }
    }
    throw new IllegalArgumentException(
        field + " = " + value + ", must look like p50, p75, p90, p95 or p99");
  }
}
