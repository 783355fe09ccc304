package net.evroclabs.run.local.process;

import java.time.Duration;

/**
 * How long to wait before restarting a crashed instance: doubling from {@code initial} up to {@code
 * max}, like the kubelet's crash-loop back-off. A run that lasted at least {@code stableAfter}
 * resets the count.
 */
public record RestartBackoff(Duration initial, Duration max, Duration stableAfter) {

  public static RestartBackoff defaults() {
    return new RestartBackoff(
        Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /** The delay before the restart that follows {@code consecutiveCrashes} crashes (1-based). */
  public Duration delay(int consecutiveCrashes) {
    if (consecutiveCrashes <= 0) {
      return Duration.ZERO;
    }
    Duration d = initial;
    for (int i = 1; i < consecutiveCrashes && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** The crash count after a run of {@code uptime} that ended in a crash. */
  public int crashesAfter(int previousCrashes, Duration uptime) {
    return uptime.compareTo(stableAfter) >= 0 ? 1 : previousCrashes + 1;
  }
}
