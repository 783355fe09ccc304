package net.evroclabs.run.scaler.sim;

import java.time.Duration;

/**
 * How one simulated pod behaves.
 *
 * @param slots requests one pod works on at once; the rest wait in its queue
 * @param meanServiceMs mean service time of a request (log-normal)
 * @param serviceSigma sigma of the log-normal service time
 * @param coldStart from asking for a pod to the pod being ready
 * @param timeout a request still unanswered after this is timed out (504)
 */
public record AppProfile(
    int slots, double meanServiceMs, double serviceSigma, Duration coldStart, Duration timeout) {

  public AppProfile {
    if (slots < 1) {
      throw new IllegalArgumentException("slots = " + slots + ", must be >= 1");
    }
    if (!(meanServiceMs > 0)) {
      throw new IllegalArgumentException("meanServiceMs = " + meanServiceMs + ", must be > 0");
    }
    if (!(serviceSigma >= 0)) {
      throw new IllegalArgumentException("serviceSigma = " + serviceSigma + ", must be >= 0");
    }
    if (coldStart.isNegative()) {
      throw new IllegalArgumentException("coldStart = " + coldStart + ", must be >= 0s");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout = " + timeout + ", must be > 0s");
    }
  }

  /**
   * A typical web service: 8 requests at once per pod, 50 ms mean service time with a long tail, 8
   * s cold start, 60 s timeout. One pod serves at most 160 req/s.
   */
  public static AppProfile typical() {
    return new AppProfile(8, 50, 0.6, Duration.ofSeconds(8), Duration.ofSeconds(60));
  }
}
