package net.evroclabs.run.scaler.decision;

/**
 * How many pods the traffic asks for, before stabilisation and limits.
 *
 * @param stablePods pods the stable window asks for
 * @param panicPods pods the panic window asks for
 * @param observed the revision's own metric value (see {@link Decision#observed()})
 * @param detail what was observed, in words, for the reason
 */
public record Demand(double stablePods, double panicPods, double observed, String detail) {}
