package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the autoscaler steers toward its target. */
public enum ScalingMetric {
  /** Request latency at a percentile, in milliseconds. */
  LATENCY("latency"),
  /** In-flight requests per instance. */
  CONCURRENCY("concurrency"),
  /** Requests per second per instance. */
  RPS("rps");

  private final String wire;

  ScalingMetric(String wire) {
    this.wire = wire;
  }

  /** The value as written in YAML. */
  @JsonValue
  public String wire() {
    return wire;
  }
}
