package net.evroclabs.run.scaler.decision;

import java.util.Locale;

/** What a revision scales on. */
public enum ScalingMetric {
  /** Target latency in milliseconds at a percentile. */
  LATENCY,
  /** Target in-flight requests per pod. */
  CONCURRENCY,
  /** Target requests per second per pod. */
  RPS;

  /** Parses the lower-case spelling used in specs and on the command line. */
  public static ScalingMetric parse(String field, String value) {
    if (value != null) {
      for (ScalingMetric m : values()) {
        if (m.name().equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        field + " = " + value + ", must be one of latency, concurrency, rps");
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
