package net.evroclabs.run.scaler.sim;

/** A scaling policy under simulation; the simulator calls it like the scaler process would. */
interface SimPolicy {

  /** Short name for reports: {@code latency}, {@code kpa}. */
  String name();

  /** The decision tick: returns the replicas the revision should have. */
  int tick(MetricsPipeline metrics, int desired, int ready, double now);

  /** A request waits at the activator for a revision with no ready pod. */
  int poke(int desired, double now);

  /** Why the last decision came out as it did, in words. */
  String lastReason();
}
