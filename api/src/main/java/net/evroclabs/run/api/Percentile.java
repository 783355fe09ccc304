package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** The latency percentile the autoscaler keeps under the target. */
public enum Percentile {
  P50("p50", 0.50),
  P75("p75", 0.75),
  P90("p90", 0.90),
  P95("p95", 0.95),
  P99("p99", 0.99);

  private final String wire;
  private final double quantile;

  Percentile(String wire, double quantile) {
    this.wire = wire;
    this.quantile = quantile;
  }

  /** The value as written in YAML. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** The quantile between 0 and 1, as Prometheus' histogram_quantile takes it. */
  public double quantile() {
    return quantile;
  }
}
