package net.evroclabs.run.controller.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * How a reconcile ended: done, or done and to be looked at again after a while.
 *
 * @param recheckAfter when to reconcile the key again even if nothing changes
 */
public record Outcome(Optional<Duration> recheckAfter) {

  private static final Outcome DONE = new Outcome(Optional.empty());

  public static Outcome done() {
    return DONE;
  }

  public static Outcome recheckAfter(Duration delay) {
    return new Outcome(Optional.of(delay));
  }
}
