package net.evroclabs.run.scaler.decision;

/**
 * What the revision did over one window, summed over its pods.
 *
 * @param requestRate requests per second that reached the pods
 * @param inFlight average number of requests in flight at the pods
 * @param latencyMs latency at the spec's percentile, or NaN when no request completed
 * @param requests how many requests the window holds (to judge how much a latency is worth)
 * @param completionRate requests per second that completed (the latency histogram's count)
 */
public record WindowStats(
    double requestRate, double inFlight, double latencyMs, double requests, double completionRate) {

  public static final WindowStats IDLE = new WindowStats(0, 0, Double.NaN, 0);

  /** A window where as many requests completed as started. */
  public WindowStats(double requestRate, double inFlight, double latencyMs, double requests) {
    this(requestRate, inFlight, latencyMs, requests, requestRate);
  }

  public WindowStats {
    nonNegative("requestRate", requestRate);
    nonNegative("completionRate", completionRate);
    nonNegative("inFlight", inFlight);
    nonNegative("requests", requests);
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs = " + latencyMs + ", must be >= 0 or NaN");
    }
  }

  public boolean hasLatency() {
    return !Double.isNaN(latencyMs);
  }

  public boolean active() {
    return requestRate > 0 || inFlight > 0 || requests > 0;
  }

  private static void nonNegative(String field, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(field + " = " + v + ", must be a finite number >= 0");
    }
  }
}
