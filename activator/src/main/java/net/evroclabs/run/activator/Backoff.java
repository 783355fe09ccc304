package net.evroclabs.run.activator;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial * 2^(attempt-1)}, capped at {@code max}. Attempt 0 waits
 * nothing.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial = " + initial + ", must be > 0");
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff max = " + max + ", must be >= initial (" + initial + ")");
    }
  }

  /** The wait before retry number {@code attempt} (1 = first retry). */
  public Duration delay(int attempt) {
    if (attempt <= 0) {
      return Duration.ZERO;
    }
    int shift = Math.min(attempt - 1, 30);
    long nanos = initial.toNanos();
    long scaled = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
    return scaled >= max.toNanos() ? max : Duration.ofNanos(scaled);
  }
}
