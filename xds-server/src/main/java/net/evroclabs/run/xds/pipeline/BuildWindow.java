package net.evroclabs.run.xds.pipeline;

import java.time.Duration;

/**
 * When the pipeline's next build may start: at once when the last build started at least {@code
 * window} ago, else once that much time has passed since it. A change after a quiet spell is built
 * without waiting; the changes of a burst that arrive during the window after a build are built
 * together at its end, so there is at most one build per window.
 */
final class BuildWindow {

  private final long windowNanos;
  // Written by the pipeline thread when a build starts, read by the threads that submit changes.
  private volatile long lastStartNanos;
  private volatile boolean started;

  BuildWindow(Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("debounce = " + window + ", must not be negative");
    }
    this.windowNanos = window.toNanos();
  }

  /** How long a build asked for at {@code nowNanos} waits, in nanoseconds. */
  long delayNanos(long nowNanos) {
    if (!started) {
      return 0;
    }
    return Math.max(0, lastStartNanos + windowNanos - nowNanos);
  }

  /** A build starts at {@code nowNanos}. */
  void buildStarted(long nowNanos) {
    lastStartNanos = nowNanos;
    started = true;
  }
}
