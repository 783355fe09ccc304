package net.evroclabs.run.scaler.metrics;

import java.time.Duration;
import java.util.Locale;

/** The PromQL the scaler runs: one query per metric and window, grouped by revision. */
final class EnvoyQueries {

  static final String CLUSTER = "envoy_cluster_name";
  static final String ACTIVATOR_LABEL = "revision";

  private EnvoyQueries() {}

  static String requestRate(Duration window) {
    return "sum by ("
        + CLUSTER
        + ") (rate(envoy_cluster_upstream_rq_total["
        + range(window)
        + "]))";
  }

  static String completionRate(Duration window) {
    return "sum by ("
        + CLUSTER
        + ") (rate(envoy_cluster_upstream_rq_time_count["
        + range(window)
        + "]))";
  }

  static String inFlight(Duration window) {
    return "sum by ("
        + CLUSTER
        + ") (avg_over_time(envoy_cluster_upstream_rq_active["
        + range(window)
        + "]))";
  }

  static String latency(double percentile, Duration window) {
    return String.format(
        Locale.ROOT,
        "histogram_quantile(%s, sum by (%s, le) (rate(envoy_cluster_upstream_rq_time_bucket[%s])))",
        Double.toString(percentile),
        CLUSTER,
        range(window));
  }

  static String held() {
    return "sum by (" + ACTIVATOR_LABEL + ") (run_activator_requests_held)";
  }

  private static String range(Duration window) {
    return window.toMillis() % 1000 == 0 ? window.toSeconds() + "s" : window.toMillis() + "ms";
  }
}
