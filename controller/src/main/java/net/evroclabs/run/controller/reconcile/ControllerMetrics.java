package net.evroclabs.run.controller.reconcile;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;

/**
 * The controller's metrics, prefixed {@code run_controller_}: reconciles by kind and result, their
 * duration, the keys waiting per kind, and whether this instance leads.
 */
public final class ControllerMetrics {

  private final PrometheusRegistry registry;
  private final Counter reconciles;
  private final Histogram duration;

  public ControllerMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    this.reconciles =
        Counter.builder()
            .name("run_controller_reconciles_total")
            .help("Reconciles by kind (service, revision) and result (ok, error).")
            .labelNames("kind", "result")
            .register(registry);
    this.duration =
        Histogram.builder()
            .name("run_controller_reconcile_duration_seconds")
            .help("How long one reconcile took, by kind.")
            .labelNames("kind")
            .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
  }

  /** Records one reconcile of {@code kind}. */
  void reconciled(String kind, boolean ok, long nanos) {
    reconciles.labelValues(kind, ok ? "ok" : "error").inc();
    duration.labelValues(kind).observe(nanos / 1e9);
  }

  /** Exposes the waiting keys of both queues and the leadership. */
  public void watch(
      ReconcileQueue<?> services, ReconcileQueue<?> revisions, BooleanSupplier leading) {
    GaugeWithCallback.builder()
        .name("run_controller_queue_waiting")
        .help("Keys waiting to be reconciled, by kind.")
        .labelNames("kind")
        .callback(
            cb -> {
              cb.call(services.waiting(), "service");
              cb.call(revisions.waiting(), "revision");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("run_controller_leader")
        .help("1 when this instance holds the lease and reconciles, else 0.")
        .callback(cb -> cb.call(leading.getAsBoolean() ? 1 : 0))
        .register(registry);
  }
}
