package net.evroclabs.run.activator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** What every request handler shares: configuration, revisions, pods, scaler, metrics. */
final class ProxyRuntime {

  final ActivatorConfig config;
  final EndpointRegistry registry;
  final UpstreamPool pool;
  final Consumer<RevisionKey> poke;
  final ActivatorMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  ProxyRuntime(
      ActivatorConfig config,
      EndpointRegistry registry,
      UpstreamPool pool,
      Consumer<RevisionKey> poke,
      ActivatorMetrics metrics) {
    this.config = config;
    this.registry = registry;
    this.pool = pool;
    this.poke = poke;
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
