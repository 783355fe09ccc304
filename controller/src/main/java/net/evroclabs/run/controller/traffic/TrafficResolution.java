package net.evroclabs.run.controller.traffic;

import java.util.List;
import net.evroclabs.run.api.TrafficStatus;

/** The outcome of resolving a Service's traffic targets to concrete revisions. */
public sealed interface TrafficResolution {

  /**
   * Every target resolved; {@code traffic} names only concrete revisions. {@code failedPins} says,
   * per pinned target whose revision failed, that it is routed as asked but cannot serve.
   */
  record Resolved(List<TrafficStatus> traffic, List<String> failedPins)
      implements TrafficResolution {
    public Resolved {
      traffic = List.copyOf(traffic);
      failedPins = List.copyOf(failedPins);
    }

    public Resolved(List<TrafficStatus> traffic) {
      this(traffic, List.of());
    }
  }

  /**
   * Some target cannot be resolved yet ({@code failed == false}: waiting for a revision to become
   * ready) or at all ({@code failed == true}: a missing revision, or only failed ones).
   */
  record Unresolved(boolean failed, String reason, String message) implements TrafficResolution {}
}
