package net.evroclabs.run.scaler.sim;

import java.util.Locale;

/**
 * The outcome of one simulation run.
 *
 * @param scenario scenario or trace name
 * @param policy policy name
 * @param requests requests that arrived
 * @param windows 1-minute windows with traffic after the first cold start
 * @param windowsMet of those, the windows whose latency percentile met the target
 * @param p50Ms median latency over all requests
 * @param p95Ms 95th percentile latency over all requests
 * @param p99Ms 99th percentile latency over all requests
 * @param timedOut requests not answered within the timeout
 * @param replicaSeconds pod-seconds used, starting and draining pods included
 * @param coldStarts times the revision was woken from zero pods
 * @param heldRequests requests that waited at the activator
 * @param scaleEvents changes of the desired replicas
 * @param maxReplicas the most replicas at once
 */
public record SimReport(
    String scenario,
    String policy,
    long requests,
    int windows,
    int windowsMet,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    long timedOut,
    double replicaSeconds,
    int coldStarts,
    long heldRequests,
    int scaleEvents,
    int maxReplicas) {

  /** Share of 1-minute windows that met the target, in percent (100 when there are none). */
  public double sloWindowsPct() {
    return windows == 0 ? 100 : 100.0 * windowsMet / windows;
  }

  public static String header() {
    return String.format(
        Locale.ROOT,
        "%-10s %-8s %9s %12s %8s %8s %8s %8s %12s %5s %7s %6s %5s",
        "scenario",
        "policy",
        "requests",
        "slo_windows",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "timeouts",
        "replica_s",
        "cold",
        "held",
        "events",
        "max");
  }

  public String line() {
    return String.format(
        Locale.ROOT,
        "%-10s %-8s %9d %5.1f%% %2d/%-3d %8.1f %8.1f %8.1f %8d %12.0f %5d %7d %6d %5d",
        scenario,
        policy,
        requests,
        sloWindowsPct(),
        windowsMet,
        windows,
        p50Ms,
        p95Ms,
        p99Ms,
        timedOut,
        replicaSeconds,
        coldStarts,
        heldRequests,
        scaleEvents,
        maxReplicas);
  }
}
