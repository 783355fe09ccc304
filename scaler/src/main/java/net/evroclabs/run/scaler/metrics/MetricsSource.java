package net.evroclabs.run.scaler.metrics;

import java.time.Instant;
import java.util.Map;
import net.evroclabs.run.scaler.RevisionKey;

/** Where the observations of a tick come from: Prometheus, or a fixed table in tests. */
public interface MetricsSource {

  /** Observes every revision in {@code percentiles} (revision to its latency percentile). */
  Observations observe(Map<RevisionKey, Double> percentiles, Instant now);
}
