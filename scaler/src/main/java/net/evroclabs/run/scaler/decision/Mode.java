package net.evroclabs.run.scaler.decision;

/** Why a decision came out the way it did. */
public enum Mode {
  /** Steady state from the stable window. */
  STABLE,
  /** A burst: scaled from the panic window; scale-down is suspended. */
  PANIC,
  /** Metrics were missing; the scale is kept. */
  NO_DATA,
  /** A request waits at the activator for a revision at zero. */
  POKE,
  /** Idle long enough: scaled to zero. */
  ZERO
}
