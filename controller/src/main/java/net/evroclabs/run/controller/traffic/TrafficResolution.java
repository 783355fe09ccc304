package net.evroclabs.run.controller.traffic;

import java.util.List;
import net.evroclabs.run.api.TrafficStatus;

/** The outcome of resolving a Service's traffic targets to concrete revisions. */
public sealed interface TrafficResolution {

  /** Every target resolved; {@code traffic} names only concrete revisions. */
  record Resolved(List<TrafficStatus> traffic) implements TrafficResolution {
    public Resolved {
      traffic = List.copyOf(traffic);
    }
  }

  /**
   * Some target cannot be resolved yet ({@code failed == false}: waiting for a revision to become
   * ready) or at all ({@code failed == true}: a missing revision, or only failed ones).
   */
  record Unresolved(boolean failed, String reason, String message) implements TrafficResolution {}
}
