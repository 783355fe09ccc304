package net.evroclabs.run.scaler.loop;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Decision;
import net.evroclabs.run.scaler.decision.Mode;
import net.evroclabs.run.scaler.decision.ScalingSpec;

/**
 * The scaler's own metrics, all prefixed {@code run_scaler_}. Per-revision series are updated from
 * the loop's thread only.
 */
public final class ScalerMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge desired =
      Gauge.builder()
          .name("run_scaler_desired_replicas")
          .help("Replicas the scaler wants for each revision")
          .labelNames("revision")
          .withoutExemplars()
          .register(registry);
  private final Gauge observed =
      Gauge.builder()
          .name("run_scaler_observed")
          .help(
              "The revision's own scaling metric as last observed (ms, in flight or req/s per pod)")
          .labelNames("revision", "metric")
          .withoutExemplars()
          .register(registry);
  private final Gauge panic =
      Gauge.builder()
          .name("run_scaler_panic")
          .help("1 while a revision is in panic mode (scale-down suspended after a burst)")
          .labelNames("revision")
          .withoutExemplars()
          .register(registry);
  private final Histogram tick =
      Histogram.builder()
          .name("run_scaler_tick_seconds")
          .help("Duration of one tick: metrics queries, decisions and scale calls")
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .withoutExemplars()
          .register(registry);
  private final Gauge metricsUp =
      Gauge.builder()
          .name("run_scaler_metrics_up")
          .help("1 when the last tick's metrics queries succeeded; 0 means every scale is kept")
          .register(registry);
  private final Counter metricsErrors =
      Counter.builder()
          .name("run_scaler_metrics_errors_total")
          .help("Ticks whose metrics queries failed")
          .register(registry);
  private final Counter scaleEvents =
      Counter.builder()
          .name("run_scaler_scale_events_total")
          .help("Replica changes applied, by direction")
          .labelNames("direction")
          .register(registry);
  private final Counter failures =
      Counter.builder()
          .name("run_scaler_revision_failures_total")
          .help("Revisions whose decision or scale call failed in a tick")
          .register(registry);
  private final Counter pokes =
      Counter.builder()
          .name("run_scaler_pokes_total")
          .help("Pokes received from the activator")
          .register(registry);
  private final Gauge leader =
      Gauge.builder()
          .name("run_scaler_leader")
          .help("1 while this instance is the leader and scales")
          .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The series of one revision, looked up once. */
  private record Series(
      String metric, GaugeDataPoint desired, GaugeDataPoint observed, GaugeDataPoint panic) {}

  private final Map<RevisionKey, Series> series = new HashMap<>();

  void decided(RevisionKey key, ScalingSpec spec, Decision d) {
    String metric = spec.metric().spelling();
    Series s = series.get(key);
    if (s == null || !s.metric().equals(metric)) {
      if (s != null) {
        observed.remove(key.toString(), s.metric());
      }
      String revision = key.toString();
      s =
          new Series(
              metric,
              desired.labelValues(revision),
              observed.labelValues(revision, metric),
              panic.labelValues(revision));
      series.put(key, s);
    }
    s.desired().set(d.desired());
    if (!Double.isNaN(d.observed())) {
      s.observed().set(d.observed());
    }
    s.panic().set(d.mode() == Mode.PANIC ? 1 : 0);
  }

  void forget(RevisionKey key, ScalingSpec spec) {
    series.remove(key);
    String revision = key.toString();
    desired.remove(revision);
    panic.remove(revision);
    observed.remove(revision, spec.metric().spelling());
  }

  void scaled(int from, int to) {
    scaleEvents.labelValues(to > from ? "up" : "down").inc();
  }

  void metrics(boolean ok) {
    metricsUp.set(ok ? 1 : 0);
    if (!ok) {
      metricsErrors.inc();
    }
  }

  void failure() {
    failures.inc();
  }

  void tick(double seconds) {
    tick.observe(seconds);
  }

  public void poked() {
    pokes.inc();
  }

  public void leader(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
  }
}
