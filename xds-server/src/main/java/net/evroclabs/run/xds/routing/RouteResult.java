package net.evroclabs.run.xds.routing;

import net.evroclabs.run.envoy.model.RoutedService;

/** What the mapping of one Service yields. */
public sealed interface RouteResult {

  /** The service routes as {@code service}. */
  record Routable(RoutedService service) implements RouteResult {}

  /** The service has nothing to route yet (no status traffic, or a revision not seen yet). */
  record Waiting(String reason) implements RouteResult {}

  /** The service's status cannot be routed; {@code message} names the field and the value. */
  record Invalid(String message) implements RouteResult {}
}
