package net.evroclabs.run.api;

import java.time.Instant;
import java.util.List;

/** Condition types, reasons, and helpers to read and set conditions. */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String CONFIGURATION_READY = "ConfigurationReady";
  public static final String ROUTES_READY = "RoutesReady";
  public static final String CONTAINER_HEALTHY = "ContainerHealthy";
  public static final String RESOURCES_AVAILABLE = "ResourcesAvailable";

  private Conditions() {}

  /** The condition of that type in the list, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (Condition c : conditions) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  /**
   * Sets {@code next} in the list, replacing the condition of the same type. The transition time
   * changes only when the status does, so repeated reconciles leave the list equal.
   *
   * @return whether the list changed
   */
  public static boolean set(List<Condition> conditions, Condition next, Instant now) {
    Condition current = find(conditions, next.getType());
    if (current != null && current.sameStateAs(next)) {
      return false;
    }
    boolean statusChanged = current == null || !current.getStatus().equals(next.getStatus());
    next.setLastTransitionTime(statusChanged ? now.toString() : current.getLastTransitionTime());
    if (current != null) {
      conditions.set(conditions.indexOf(current), next);
    } else {
      conditions.add(next);
    }
    return true;
  }
}
