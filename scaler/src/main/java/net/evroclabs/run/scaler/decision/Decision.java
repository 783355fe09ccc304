package net.evroclabs.run.scaler.decision;

/**
 * The outcome of one decision for one revision.
 *
 * @param desired the replicas the revision should have
 * @param mode why
 * @param reason the reason in words, for Events and logs
 * @param observed the value of the revision's own metric (ms, in flight per pod, req/s per pod),
 *     NaN when not observed
 * @param memory what to remember until the next decision
 */
public record Decision(
    int desired, Mode mode, String reason, double observed, RevisionMemory memory) {}
