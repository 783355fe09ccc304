package net.evroclabs.run.controller;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.controller.reconcile.Backoff;
import net.evroclabs.run.controller.reconcile.ControllerMetrics;
import net.evroclabs.run.controller.reconcile.ReconcileQueue;
import net.evroclabs.run.controller.reconcile.RevisionReconciler;
import net.evroclabs.run.controller.reconcile.ServiceReconciler;
import net.evroclabs.run.controller.reconcile.TenantIsolationReconciler;
import net.evroclabs.run.networkpolicy.TenantSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: Services into Revisions and workloads, with status. Every instance watches; only
 * the leader reconciles. Built from narrow ports, so that Kubernetes or another backend can carry
 * it.
 */
public final class Controller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final ServiceStore store;
  private final LeaderElection election;
  private final ReconcileQueue<ResourceKey> services;
  private final ReconcileQueue<ResourceKey> revisions;
  private final ReconcileQueue<String> namespaces;
  private final NetworkPolicyStore policies;
  private final ScheduledExecutorService timers;
  private final AtomicBoolean leading = new AtomicBoolean();

  private Controller(
      ServiceStore store,
      LeaderElection election,
      ReconcileQueue<ResourceKey> services,
      ReconcileQueue<ResourceKey> revisions,
      ReconcileQueue<String> namespaces,
      NetworkPolicyStore policies,
      ScheduledExecutorService timers) {
    this.store = store;
    this.election = election;
    this.services = services;
    this.revisions = revisions;
    this.namespaces = namespaces;
    this.policies = policies;
    this.timers = timers;
  }

  /**
   * Wires the controller over its ports and starts campaigning for the lead. Tenant namespaces are
   * isolated through {@code policies} with ingress from {@code isolationSources}. Its metrics
   * ({@code run_controller_*}) are registered in {@code registry}.
   */
  public static Controller start(
      ServiceStore store,
      Workloads workloads,
      EventRecorder events,
      ChangeFeed changes,
      LeaderElection election,
      RouteAcknowledgements routes,
      NetworkPolicyStore policies,
      TenantSources isolationSources,
      PlatformConfig config,
      ControllerOptions options,
      Clock clock,
      PrometheusRegistry registry) {
    ControllerMetrics metrics = new ControllerMetrics(registry);
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("controller-timer").daemon().factory());
    Backoff backoff = new Backoff(options.retryInitial(), options.retryMax());
    ServiceReconciler serviceReconciler =
        new ServiceReconciler(store, workloads, events, routes, config, clock);
    RevisionReconciler revisionReconciler =
        new RevisionReconciler(store, workloads, events, config, clock);
    ReconcileQueue<ResourceKey> services =
        new ReconcileQueue<>(
            "service", options.workers(), serviceReconciler::reconcile, backoff, timers, metrics);
    ReconcileQueue<ResourceKey> revisions =
        new ReconcileQueue<>(
            "revision", options.workers(), revisionReconciler::reconcile, backoff, timers, metrics);
    TenantIsolationReconciler isolation =
        new TenantIsolationReconciler(store, policies, isolationSources);
    ReconcileQueue<String> namespaces =
        new ReconcileQueue<>("namespace", 1, isolation::reconcile, backoff, timers, metrics);
    Controller c =
        new Controller(store, election, services, revisions, namespaces, policies, timers);
    metrics.watch(services, revisions, c::leading);
    changes.subscribe(
        key -> {
          services.add(key);
          namespaces.add(key.namespace());
        },
        key -> {
          revisions.add(key);
          namespaces.add(key.namespace());
        });
    routes.addListener(c::recheckRoutes);
    timers.scheduleWithFixedDelay(
        c::resync,
        options.resyncPeriod().toMillis(),
        options.resyncPeriod().toMillis(),
        TimeUnit.MILLISECONDS);
    election.start(c::startLeading, c::stopLeading);
    return c;
  }

  /** Whether this instance leads and reconciles. */
  public boolean leading() {
    return leading.get();
  }

  /** Reconciles done so far by this instance, Services and Revisions together. */
  public long reconciles() {
    return services.reconciles() + revisions.reconciles();
  }

  /** Reconciles that failed and were retried. */
  public long failedReconciles() {
    return services.errors() + revisions.errors();
  }

  private void startLeading() {
    LOG.info("leading: reconciling every Service and Revision");
    leading.set(true);
    services.resume();
    revisions.resume();
    namespaces.resume();
    resync();
  }

  private void stopLeading() {
    LOG.info("standing by: another instance leads");
    leading.set(false);
    services.pause();
    revisions.pause();
    namespaces.pause();
  }

  private void resync() {
    if (!leading.get()) {
      return;
    }
    store.revisionKeys().forEach(revisions::add);
    store.serviceKeys().forEach(services::add);
    store.serviceKeys().forEach(k -> namespaces.add(k.namespace()));
    policies.namespaces().forEach(namespaces::add);
  }

  private void recheckRoutes() {
    for (ResourceKey key : store.serviceKeys()) {
      store
          .service(key)
          .filter(
              s ->
                  s.getStatus() == null
                      || s.getStatus().condition(Conditions.ROUTES_READY) == null
                      || !s.getStatus().condition(Conditions.ROUTES_READY).isTrue())
          .ifPresent(s -> services.add(key));
    }
  }

  @Override
  public void close() {
    election.close();
    leading.set(false);
    services.close();
    revisions.close();
    namespaces.close();
    timers.shutdownNow();
  }
}
