package net.evroclabs.run.activator;

import java.util.concurrent.atomic.AtomicInteger;

/** What every request handler shares: configuration, revisions, pods, scaler, metrics. */
final class ProxyRuntime {

  final ActivatorConfig config;
  final EndpointRegistry registry;
  final UpstreamPool pool;
  final ScalerPoker poker;
  final ActivatorMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  ProxyRuntime(
      ActivatorConfig config,
      EndpointRegistry registry,
      UpstreamPool pool,
      ScalerPoker poker,
      ActivatorMetrics metrics) {
    this.config = config;
    this.registry = registry;
    this.pool = pool;
    this.poker = poker;
    this.metrics = metrics;
  }

  void exchangeStarted() {
    inFlight.incrementAndGet();
  }

  void exchangeEnded() {
    inFlight.decrementAndGet();
  }

  /** Requests held or in flight right now. */
  int inFlight() {
    return inFlight.get();
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }
}
