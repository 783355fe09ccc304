package net.evroclabs.run.scaler.decision;

/**
 * The replica counts of one revision.
 *
 * @param desired the Deployment's current spec.replicas
 * @param ready pods ready to serve
 * @param revisionReady false when the revision's pods fail to start (crash loop, image pull); such
 *     a revision is not scaled up beyond what is already pending
 */
public record Replicas(int desired, int ready, boolean revisionReady) {

  public Replicas {
    if (desired < 0) {
      throw new IllegalArgumentException("desired = " + desired + ", must be >= 0");
    }
    if (ready < 0) {
      throw new IllegalArgumentException("ready = " + ready + ", must be >= 0");
    }
  }

  public static Replicas of(int desired, int ready) {
    return new Replicas(desired, ready, true);
  }

  /** Pods asked for and still starting. */
  public int pending() {
    return Math.max(0, desired - ready);
  }
}
