package net.evroclabs.run.controller;

import java.time.Duration;

/**
 * How a controller instance runs.
 *
 * @param identity this instance's name in the leader election, e.g. the pod name
 * @param leaseNamespace the namespace of the leader-election Lease
 * @param leaseName the Lease's name
 * @param leaseDuration how long a lease holds without renewal
 * @param renewDeadline how long the leader keeps trying to renew before it steps down
 * @param retryPeriod how often candidates try to acquire and the leader renews
 * @param workers reconciles run at once, per resource kind
 * @param retryInitial delay before retrying a failed reconcile, doubled per failure
 * @param retryMax the longest delay before a retry
 * @param resyncPeriod how often every resource is reconciled even without changes
 */
public record ControllerOptions(
    String identity,
    String leaseNamespace,
    String leaseName,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    int workers,
    Duration retryInitial,
    Duration retryMax,
    Duration resyncPeriod) {

  public ControllerOptions {
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("identity is empty: give each instance a unique name");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers = " + workers + ", must be >= 1");
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0) {
      throw new IllegalArgumentException(
          "lease durations: need leaseDuration ("
              + leaseDuration
              + ") > renewDeadline ("
              + renewDeadline
              + ") > retryPeriod ("
              + retryPeriod
              + ")");
    }
  }

  /** The production defaults, Kubernetes controller style: a 15 s lease renewed every 2 s. */
  public static ControllerOptions defaults(String identity, String leaseNamespace) {
    return new ControllerOptions(
        identity,
        leaseNamespace,
        "run-controller",
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        4,
        Duration.ofMillis(200),
        Duration.ofMinutes(2),
        Duration.ofMinutes(10));
  }

  /** A copy with other lease timings. */
  public ControllerOptions withLeaseTimings(Duration lease, Duration renew, Duration retry) {
    return new ControllerOptions(
        identity,
        leaseNamespace,
        leaseName,
        lease,
        renew,
        retry,
        workers,
        retryInitial,
        retryMax,
        resyncPeriod);
  }

  /** A copy with another Lease name. */
  public ControllerOptions withLeaseName(String name) {
    return new ControllerOptions(
        identity,
        leaseNamespace,
        name,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        workers,
        retryInitial,
        retryMax,
        resyncPeriod);
  }

  /** A copy with another number of workers. */
  public ControllerOptions withWorkers(int n) {
    return new ControllerOptions(
        identity,
        leaseNamespace,
        leaseName,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        n,
        retryInitial,
        retryMax,
        resyncPeriod);
  }
}
