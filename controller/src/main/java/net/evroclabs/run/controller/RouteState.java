package net.evroclabs.run.controller;

import java.util.Objects;

/**
 * The state of a Service's routes at the gateways.
 *
 * @param kind pending, acknowledged or rejected
 * @param message what the gateways said, for {@link Kind#REJECTED}; a short description otherwise
 */
public record RouteState(Kind kind, String message) {

  /** Where the routes of one Service generation are. */
  public enum Kind {
    /** Not yet served to, or not yet acknowledged by, the gateways. */
    PENDING,
    /** Served and acknowledged. */
    ACKNOWLEDGED,
    /** Served and rejected (NACK); the message says why. */
    REJECTED
  }

  public RouteState {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
  }

  public static RouteState pending(String message) {
    return new RouteState(Kind.PENDING, message);
  }

  public static RouteState acknowledged(String message) {
    return new RouteState(Kind.ACKNOWLEDGED, message);
  }

  public static RouteState rejected(String message) {
    return new RouteState(Kind.REJECTED, message);
  }
}
