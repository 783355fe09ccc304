package net.evroclabs.run.scaler.metrics;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Observation;
import net.evroclabs.run.scaler.decision.WindowStats;

/**
 * Reads the observations of all revisions for one tick from Prometheus with a fixed number of
 * queries (one per metric and window, plus one per percentile in use), never one per revision. A
 * revision without Envoy series, or all of them when a query fails, is reported as {@link
 * Observation#missing()}: missing data is never read as zero traffic.
 */
public final class PrometheusObserver implements MetricsSource {

  private final PrometheusClient client;
  private final Duration stable;
  private final Duration panic;

  public PrometheusObserver(PrometheusClient client, Duration stable, Duration panic) {
    this.client = client;
    this.stable = stable;
    this.panic = panic;
  }

  @Override
  public Observations observe(Map<RevisionKey, Double> percentiles, Instant now) {
    Map<RevisionKey, Observation> out = new HashMap<>();
    try {
      Map<String, Double> stableRate = byCluster(EnvoyQueries.requestRate(stable), now);
      Map<String, Double> panicRate = byCluster(EnvoyQueries.requestRate(panic), now);
      Map<String, Double> stableDone = byCluster(EnvoyQueries.completionRate(stable), now);
      Map<String, Double> panicDone = byCluster(EnvoyQueries.completionRate(panic), now);
      Map<String, Double> stableInFlight = byCluster(EnvoyQueries.inFlight(stable), now);
      Map<String, Double> panicInFlight = byCluster(EnvoyQueries.inFlight(panic), now);
      Map<String, Double> held =
          client.vectorBy(EnvoyQueries.ACTIVATOR_LABEL, EnvoyQueries.held(), now);
      Map<Double, Map<String, Double>> stableLatency = new HashMap<>();
      Map<Double, Map<String, Double>> panicLatency = new HashMap<>();
      for (double p : new TreeSet<>(percentiles.values())) {
        stableLatency.put(p, byCluster(EnvoyQueries.latency(p, stable), now));
        panicLatency.put(p, byCluster(EnvoyQueries.latency(p, panic), now));
      }
      double stableSeconds = stable.toMillis() / 1000.0;
      double panicSeconds = panic.toMillis() / 1000.0;
      for (Map.Entry<RevisionKey, Double> e : percentiles.entrySet()) {
        String cluster = e.getKey().toString();
        Double rate = stableRate.get(cluster);
        if (rate == null) {
          out.put(e.getKey(), Observation.missing());
          continue;
        }
        double p = e.getValue();
        WindowStats s =
            new WindowStats(
                rate,
                stableInFlight.getOrDefault(cluster, 0.0),
                stableLatency.get(p).getOrDefault(cluster, Double.NaN),
                rate * stableSeconds,
                stableDone.getOrDefault(cluster, rate));
        Double pr = panicRate.get(cluster);
        // A panic window shorter than two scrapes has no rate; the stable window is then the most
        // recent knowledge there is (reading it as idle would start the idle clock too early).
        WindowStats f =
            pr == null
                ? s
                : new WindowStats(
                    pr,
                    panicInFlight.getOrDefault(cluster, 0.0),
                    panicLatency.get(p).getOrDefault(cluster, Double.NaN),
                    pr * panicSeconds,
                    panicDone.getOrDefault(cluster, pr));
        out.put(e.getKey(), new Observation(s, f, held.getOrDefault(cluster, 0.0)));
      }
      return new Observations(out, null);
    } catch (IOException | RuntimeException e) {
      for (RevisionKey key : percentiles.keySet()) {
        out.put(key, Observation.missing());
      }
      return new Observations(
          out, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private Map<String, Double> byCluster(String promql, Instant now) throws IOException {
    return client.vectorBy(EnvoyQueries.CLUSTER, promql, now);
  }
}
