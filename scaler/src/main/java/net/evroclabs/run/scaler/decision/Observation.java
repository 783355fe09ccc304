package net.evroclabs.run.scaler.decision;

/**
 * The metrics of one revision at one tick. {@link #missing()} stands for "the metrics pipeline did
 * not answer", which is different from an idle revision.
 *
 * @param stable the stable window, null when missing
 * @param panic the panic window, null when missing
 * @param held requests held by the activator for this revision right now
 */
public record Observation(WindowStats stable, WindowStats panic, double held) {

  private static final Observation MISSING = new Observation(null, null, 0);

  public Observation {
    if ((stable == null) != (panic == null)) {
      throw new IllegalArgumentException("stable and panic windows must both be present or absent");
    }
    if (!(held >= 0) || Double.isInfinite(held)) {
      throw new IllegalArgumentException("held = " + held + ", must be a finite number >= 0");
    }
  }

  public static Observation missing() {
    return MISSING;
  }

  public static Observation idle() {
    return new Observation(WindowStats.IDLE, WindowStats.IDLE, 0);
  }

  public boolean hasData() {
    return stable != null;
  }

  /** True when anything happened recently enough to be seen in the panic window, or is held. */
  public boolean recentlyActive() {
    return hasData() && (panic.active() || held > 0);
  }
}
