package net.evroclabs.run.scaler.decision;

import java.time.Instant;

/**
 * What the decision core remembers about one revision between ticks. It is a value: every decision
 * returns the next memory.
 *
 * @param lastActivity when a request was last seen or held, null when not known yet
 * @param panicUntil until when scale-down stays suspended after a burst, null when never
 * @param capacity the learned per-pod capacity at the latency aim
 * @param recommendations recent recommendations for scale-down stabilisation
 * @param lastHeldAt when requests were last seen held at the activator; their waiting time inflates
 *     latency for a stable window afterwards, so capacity is not learned from it
 */
public record RevisionMemory(
    Instant lastActivity,
    Instant panicUntil,
    LatencyCapacity capacity,
    RecommendationWindow recommendations,
    Instant lastHeldAt,
    int lastReady,
    Instant readyUpAt,
    Instant readyDownAt) {

  public RevisionMemory {
    if (capacity == null || recommendations == null) {
      throw new IllegalArgumentException("capacity and recommendations must be set");
    }
  }

  public static RevisionMemory empty() {
    return new RevisionMemory(
        null, null, LatencyCapacity.unknown(), RecommendationWindow.empty(), null, -1, null, null);
  }

  public boolean panicking(Instant now) {
    return panicUntil != null && now.isBefore(panicUntil);
  }

  RevisionMemory withActivity(Instant at) {
    return new RevisionMemory(
        at, panicUntil, capacity, recommendations, lastHeldAt, lastReady, readyUpAt, readyDownAt);
  }
}
