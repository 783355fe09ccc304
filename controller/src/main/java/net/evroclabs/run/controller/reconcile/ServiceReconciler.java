package net.evroclabs.run.controller.reconcile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.api.ServiceStatus;
import net.evroclabs.run.api.ServiceValidator;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.api.TrafficTarget;
import net.evroclabs.run.api.Violation;
import net.evroclabs.run.controller.EventRecorder;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.RouteAcknowledgements;
import net.evroclabs.run.controller.RouteState;
import net.evroclabs.run.controller.ServiceStore;
import net.evroclabs.run.controller.StaleResourceException;
import net.evroclabs.run.controller.Workloads;
import net.evroclabs.run.controller.status.ServiceStatusCalculator;
import net.evroclabs.run.controller.traffic.RevisionView;
import net.evroclabs.run.controller.traffic.TrafficResolution;
import net.evroclabs.run.controller.traffic.TrafficResolver;

/**
 * Brings one Service to its desired state: a Revision for its current template, traffic resolved to
 * ready revisions, a truthful status, and old revisions collected. An invalid spec changes only the
 * conditions.
 */
public final class ServiceReconciler {

  /** Attempts of one reconcile when status writes conflict; then the queue retries with backoff. */
  private static final int ATTEMPTS = 4;

  private final ServiceStore store;
  private final Workloads workloads;
  private final EventRecorder events;
  private final RouteAcknowledgements routes;
  private final PlatformConfig config;
  private final Clock clock;

  public ServiceReconciler(
      ServiceStore store,
      Workloads workloads,
      EventRecorder events,
      RouteAcknowledgements routes,
      PlatformConfig config,
      Clock clock) {
    this.store = store;
    this.workloads = workloads;
    this.events = events;
    this.routes = routes;
    this.config = config;
    this.clock = clock;
  }

  public Outcome reconcile(ResourceKey key) {
    Optional<Service> service = store.service(key);
    for (int attempt = 1; service.isPresent(); attempt++) {
      try {
        apply(key, service.get());
        return Outcome.done();
      } catch (StaleResourceException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        service = store.fetchService(key);
      }
    }
    return Outcome.done();
  }

  private void apply(ResourceKey key, Service service) {
    if (service.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    long generation =
        service.getMetadata().getGeneration() == null ? 0 : service.getMetadata().getGeneration();
    String iid = Naming.iid(service.getMetadata().getUid());
    String url = Naming.url(Naming.serviceHost(config, iid));
    ServiceStatus previous =
        service.getStatus() == null ? new ServiceStatus() : service.getStatus();

    List<Violation> violations = ServiceValidator.validate(service, config);
    if (!violations.isEmpty()) {
      write(
          service,
          previous,
          ServiceStatusCalculator.invalid(previous, generation, url, violations, clock.instant()));
      return;
    }
    ServiceSpec spec = Defaulting.apply(service.getSpec(), config);
    List<Revision> revisions = ensureRevision(service, RevisionSpec.of(spec.getTemplate()));
    List<RevisionView> views = new ArrayList<>();
    for (Revision r : revisions) {
      RevisionView v = RevisionView.of(key.name(), r);
      if (v != null) {
        views.add(v);
      }
    }
    TrafficResolution traffic =
        TrafficResolver.resolve(key.name(), iid, spec.getTraffic(), views, config);
    RouteState routeState =
        traffic instanceof TrafficResolution.Resolved
            ? routes.state(key.namespace(), key.name(), generation)
            : RouteState.pending("");
    ServiceStatus next =
        ServiceStatusCalculator.valid(
            previous, generation, url, views, traffic, routeState, clock.instant());
    write(service, previous, next);
    collectGarbage(service, key, views, spec.getTraffic(), previous, next);
  }

  /** The Service's revisions, with a new one when the template differs from the newest one's. */
  private List<Revision> ensureRevision(Service service, RevisionSpec desired) {
    ResourceKey key = key(service);
    List<Revision> revisions = new ArrayList<>();
    for (Revision r : store.revisionsOf(key)) {
      if (Naming.revisionNumber(key.name(), r.getMetadata().getName()) >= 1) {
        revisions.add(r);
      }
    }
    Comparator<Revision> byNumber =
        Comparator.comparingInt(r -> Naming.revisionNumber(key.name(), r.getMetadata().getName()));
    Optional<Revision> newest = revisions.stream().max(byNumber);
    if (newest.isPresent() && desired.equals(newest.get().getSpec())) {
      return revisions;
    }
    int number =
        newest.map(r -> Naming.revisionNumber(key.name(), r.getMetadata().getName())).orElse(0) + 1;
    while (true) {
      ServiceStore.Created created =
          store.createRevision(RevisionFactory.revision(service, number, desired));
      Revision r = created.revision();
      revisions.removeIf(x -> x.getMetadata().getName().equals(r.getMetadata().getName()));
      revisions.add(r);
      if (created.isNew()) {
        events.record(
            Subjects.of(service),
            EventRecorder.Type.NORMAL,
            "RevisionCreated",
            "Created revision "
                + r.getMetadata().getName()
                + " for image "
                + desired.getContainer().getImage());
        return revisions;
      }
      if (desired.equals(r.getSpec())) {
        return revisions;
      }
      // A revision of that number was created from an earlier template this process has not seen
      // yet: the desired template takes the next number.
      number++;
    }
  }

  private void write(Service service, ServiceStatus previous, ServiceStatus next) {
    if (Statuses.same(previous, next)) {
      return;
    }
    store.updateStatus(Statuses.withStatus(service, next));
    if (!next.getTraffic().isEmpty() && !next.getTraffic().equals(previous.getTraffic())) {
      events.record(
          Subjects.of(service),
          EventRecorder.Type.NORMAL,
          "TrafficShifted",
          "Traffic now goes to "
              + next.getTraffic().stream()
                  .map(TrafficStatus::toString)
                  .collect(Collectors.joining(", ")));
    }
  }

  private void collectGarbage(
      Service service,
      ResourceKey key,
      List<RevisionView> views,
      List<TrafficTarget> desired,
      ServiceStatus previous,
      ServiceStatus next) {
    Set<String> referenced = new HashSet<>();
    for (TrafficTarget t : desired) {
      if (t.getRevisionName() != null) {
        referenced.add(t.getRevisionName());
      }
    }
    for (ServiceStatus s : List.of(previous, next)) {
      s.getTraffic().forEach(t -> referenced.add(t.getRevisionName()));
      referenced.add(s.getLatestCreatedRevisionName());
      referenced.add(s.getLatestReadyRevisionName());
    }
    for (String name :
        RevisionRetention.toDelete(views, referenced, config.revisionHistoryLimit())) {
      ResourceKey revision = new ResourceKey(key.namespace(), name);
      store.deleteRevision(revision);
      workloads.delete(revision);
      events.record(
          Subjects.of(service),
          EventRecorder.Type.NORMAL,
          "RevisionDeleted",
          "Deleted revision " + name + ": no traffic refers to it and newer ones are kept");
    }
  }

  private static ResourceKey key(Service s) {
    return new ResourceKey(s.getMetadata().getNamespace(), s.getMetadata().getName());
  }
}
