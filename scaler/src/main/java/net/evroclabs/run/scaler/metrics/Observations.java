package net.evroclabs.run.scaler.metrics;

import java.util.Map;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Observation;

/**
 * The observations of one tick, and the error that made them missing, if any.
 *
 * @param observations one per revision asked for
 * @param error why the metrics are missing, null when the queries succeeded
 */
public record Observations(Map<RevisionKey, Observation> observations, String error) {

  public boolean ok() {
    return error == null;
  }

  public Observation of(RevisionKey key) {
    return observations.getOrDefault(key, Observation.missing());
  }
}
