package net.evroclabs.run.scaler.decision;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when a test says so. */
final class ManualClock {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  Instant now() {
    return now;
  }

  Instant advance(Duration d) {
    now = now.plus(d);
    return now;
  }
}
