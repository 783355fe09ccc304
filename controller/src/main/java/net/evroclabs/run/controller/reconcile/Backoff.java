package net.evroclabs.run.controller.reconcile;

import java.time.Duration;

/**
 * Exponential backoff for retrying transient failures.
 *
 * @param initial the delay after the first failure
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff initial = " + initial + ", max = " + max + ": need 0 < initial <= max");
    }
  }

  /** The delay before retry number {@code failures} (1 for the first retry). */
  public Duration delay(int failures) {
    int shift = Math.min(Math.max(failures, 1) - 1, 30);
    Duration d = initial.multipliedBy(1L << shift);
    return d.compareTo(max) > 0 ? max : d;
  }
}
