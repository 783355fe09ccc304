package net.evroclabs.run.controller.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ServiceStatus;
import net.evroclabs.run.api.ServiceValidator;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.api.Violation;
import net.evroclabs.run.controller.RouteState;
import net.evroclabs.run.controller.traffic.RevisionView;
import net.evroclabs.run.controller.traffic.TrafficResolution;

/**
 * A Service's status from what the controller knows. Pure. An invalid spec, or traffic that cannot
 * be resolved, leaves the routed traffic as it was.
 */
public final class ServiceStatusCalculator {

  private ServiceStatusCalculator() {}

  /** A Service whose spec is invalid: everything but the conditions stays as it was. */
  public static ServiceStatus invalid(
      ServiceStatus previous,
      long generation,
      String url,
      List<Violation> violations,
      Instant now) {
    ServiceStatus next = copy(previous);
    next.setUrl(url);
    next.setObservedGeneration(generation);
    String message =
        "The spec is invalid and was not applied: "
            + ServiceValidator.describe(violations)
            + ". Fix these fields; traffic stays as it was.";
    set(
        next,
        Conditions.CONFIGURATION_READY,
        Condition.FALSE,
        ServiceReasons.INVALID_SPEC,
        message,
        now);
    set(next, Conditions.READY, Condition.FALSE, ServiceReasons.INVALID_SPEC, message, now);
    return next;
  }

  /**
   * A Service with a valid spec.
   *
   * @param traffic its traffic targets resolved against {@code revisions}
   * @param routes the gateways' state for the resolved traffic; ignored when unresolved
   */
  public static ServiceStatus valid(
      ServiceStatus previous,
      long generation,
      String url,
      List<RevisionView> revisions,
      TrafficResolution traffic,
      RouteState routes,
      Instant now) {
    ServiceStatus next = copy(previous);
    next.setUrl(url);
    next.setObservedGeneration(generation);
    Optional<RevisionView> latestCreated =
        revisions.stream().max(Comparator.comparingInt(RevisionView::number));
    Optional<RevisionView> latestReady =
        revisions.stream()
            .filter(r -> r.readiness() == RevisionView.Readiness.READY)
            .max(Comparator.comparingInt(RevisionView::number));
    next.setLatestCreatedRevisionName(latestCreated.map(RevisionView::name).orElse(null));
    next.setLatestReadyRevisionName(
        latestReady.map(RevisionView::name).orElse(previous.getLatestReadyRevisionName()));

    Condition configuration = configuration(latestCreated, latestReady);
    Condition routesReady;
    if (traffic instanceof TrafficResolution.Resolved resolved) {
      next.setTraffic(new ArrayList<>(resolved.traffic()));
      routesReady =
          resolved.failedPins().isEmpty()
              ? routes(routes)
              : new Condition(
                  Conditions.ROUTES_READY,
                  Condition.FALSE,
                  ServiceReasons.REVISION_FAILED,
                  String.join("; ", resolved.failedPins())
                      + ". Pin a ready revision or follow the latest ready one.");
    } else {
      TrafficResolution.Unresolved u = (TrafficResolution.Unresolved) traffic;
      routesReady =
          new Condition(
              Conditions.ROUTES_READY,
              u.failed() ? Condition.FALSE : Condition.UNKNOWN,
              u.reason(),
              u.message());
    }
    Conditions.set(next.getConditions(), configuration, now);
    Conditions.set(next.getConditions(), routesReady, now);
    Conditions.set(next.getConditions(), ready(configuration, routesReady), now);
    return next;
  }

  private static Condition configuration(
      Optional<RevisionView> latestCreated, Optional<RevisionView> latestReady) {
    String type = Conditions.CONFIGURATION_READY;
    if (latestCreated.isEmpty()) {
      return new Condition(
          type,
          Condition.UNKNOWN,
          ServiceReasons.DEPLOYING,
          "The first revision is being created.");
    }
    RevisionView latest = latestCreated.get();
    return switch (latest.readiness()) {
      case READY -> new Condition(type, Condition.TRUE, null, null);
      case PENDING ->
          new Condition(
              type,
              Condition.UNKNOWN,
              ServiceReasons.DEPLOYING,
              "Revision " + latest.name() + " is being deployed.");
      case FAILED ->
          new Condition(
              type,
              Condition.FALSE,
              ServiceReasons.REVISION_FAILED,
              "Revision "
                  + latest.name()
                  + " failed ("
                  + latest.reason()
                  + "): "
                  + latest.message()
                  + latestReady
                      .map(r -> " Traffic stays on revision " + r.name() + ".")
                      .orElse(" No revision is ready to take traffic."));
    };
  }

  private static Condition routes(RouteState routes) {
    String type = Conditions.ROUTES_READY;
    return switch (routes.kind()) {
      case ACKNOWLEDGED -> new Condition(type, Condition.TRUE, null, null);
      case PENDING ->
          new Condition(
              type,
              Condition.UNKNOWN,
              ServiceReasons.AWAITING_GATEWAYS,
              "The routes are published; waiting for the gateways to acknowledge them."
                  + (routes.message().isEmpty() ? "" : " " + routes.message()));
      case REJECTED ->
          new Condition(
              type,
              Condition.FALSE,
              ServiceReasons.GATEWAY_REJECTED,
              "The gateways rejected the routes: " + routes.message());
    };
  }

  private static Condition ready(Condition configuration, Condition routes) {
    for (Condition c : List.of(configuration, routes)) {
      if (Condition.FALSE.equals(c.getStatus())) {
        return new Condition(Conditions.READY, Condition.FALSE, c.getReason(), c.getMessage());
      }
    }
    for (Condition c : List.of(configuration, routes)) {
      if (!c.isTrue()) {
        return new Condition(Conditions.READY, Condition.UNKNOWN, c.getReason(), c.getMessage());
      }
    }
    return new Condition(Conditions.READY, Condition.TRUE, null, null);
  }

  private static void set(
      ServiceStatus status, String type, String value, String reason, String message, Instant now) {
    Conditions.set(status.getConditions(), new Condition(type, value, reason, message), now);
  }

  private static ServiceStatus copy(ServiceStatus previous) {
    ServiceStatus next = new ServiceStatus();
    if (previous == null) {
      return next;
    }
    next.setUrl(previous.getUrl());
    next.setLatestCreatedRevisionName(previous.getLatestCreatedRevisionName());
    next.setLatestReadyRevisionName(previous.getLatestReadyRevisionName());
    next.setObservedGeneration(previous.getObservedGeneration());
    List<TrafficStatus> traffic = new ArrayList<>();
    if (previous.getTraffic() != null) {
      for (TrafficStatus t : previous.getTraffic()) {
        traffic.add(
            new TrafficStatus(
                t.getRevisionName(),
                t.getLatestRevision(),
                t.getPercent(),
                t.getTag(),
                t.getUrl()));
      }
    }
    next.setTraffic(traffic);
    next.setConditions(
        previous.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(previous.getConditions()));
    return next;
  }
}
