package net.evroclabs.run.scaler.decision;

/**
 * What one pod of a revision has shown it can serve while meeting the latency aim, learned from
 * observations.
 *
 * <p>Latency does not grow linearly with load: it stays near the unloaded latency ("floor") until
 * pods saturate, then climbs steeply. From one observation of per-pod throughput {@code x} at
 * percentile latency {@code q}, a single-queue model ({@code q = floor / (1 - x/mu)}) gives the
 * per-pod throughput at the aim {@code a}: {@code x * (1 - floor/a) / (1 - floor/q)}. For pods that
 * serve several requests at once the true curve is flatter at low load and steeper near saturation,
 * so this estimate errs on the side of more pods. A violation lowers the estimate at once; meeting
 * the aim raises it gradually and never beyond {@code maxExtrapolation} times what the pods
 * actually served.
 *
 * @param floorMs the lowest percentile latency seen (the unloaded latency), NaN before any
 * @param perPodRps requests per second one pod serves at the aim, NaN before any evidence
 * @param peakPerPodRps the most requests per second one pod has completed in a panic window, a
 *     lower bound of what a saturated pod can do; NaN before any
 */
public record LatencyCapacity(double floorMs, double perPodRps, double peakPerPodRps) {

  /** Fewer requests in the stable window than this say too little about latency. */
  static final double MIN_REQUESTS = 20;

  private static final double GAIN = 0.3;
  private static final LatencyCapacity UNKNOWN =
      new LatencyCapacity(Double.NaN, Double.NaN, Double.NaN);

  /** Before any latency evidence, a pod is assumed to serve this share of its peak at the aim. */
  static final double BOOTSTRAP_SHARE_OF_PEAK = 0.5;

  public static LatencyCapacity unknown() {
    return UNKNOWN;
  }

  public boolean known() {
    return !Double.isNaN(perPodRps);
  }

  /**
   * Per-pod requests per second to plan with: the learned capacity, or before there is any, a share
   * of the peak completion rate; NaN when nothing is known.
   */
  public double planningPerPodRps() {
    return known() ? perPodRps : peakPerPodRps * BOOTSTRAP_SHARE_OF_PEAK;
  }

  /** Learns the peak completion rate per pod from the panic window. */
  public LatencyCapacity observePeak(WindowStats panic, int ready) {
    if (ready <= 0 || panic.requests() < MIN_REQUESTS || panic.completionRate() <= 0) {
      return this;
    }
    double perPod = panic.completionRate() / ready;
    if (!Double.isNaN(peakPerPodRps) && perPod <= peakPerPodRps) {
      return this;
    }
    return new LatencyCapacity(floorMs, perPodRps, perPod);
  }

  /**
   * Learns from the windows of one tick: throughput from the stable window, latency from the worse
   * of the two windows (the panic window sees a rising latency first). {@code mayRaise} and {@code
   * mayCut} say whether the windows may raise or cut the estimate (see {@link
   * RevisionMemory#readyUpAt()}).
   */
  public LatencyCapacity observe(
      WindowStats stable,
      WindowStats panic,
      int ready,
      double aimMs,
      double maxExtrap,
      boolean mayRaise,
      boolean mayCut) {
    if (ready <= 0
        || !stable.hasLatency()
        || stable.requests() < MIN_REQUESTS
        || stable.requestRate() <= 0
        || stable.latencyMs() <= 0) {
      return this;
    }
    double x = stable.requestRate() / ready;
    double q = stable.latencyMs();
    if (panic.hasLatency() && panic.requests() >= MIN_REQUESTS) {
      q = Math.max(q, panic.latencyMs());
    }
    double floor = Double.isNaN(floorMs) ? q : Math.min(floorMs, q);
    // The floor is the lowest latency seen so far, and the first windows may come from saturated
    // pods; the model never uses a floor above 90 % of the aim, so an overloaded start reads as
    // overload, not as a slow app. (A target below the app's own unloaded latency cannot be met:
    // such a revision keeps violating and scales toward maxScale, and its events say why.)
    double aim = aimMs;
    double modelFloor = Math.min(floor, 0.9 * aim);
    double headroomAtAim = 1 - modelFloor / aim;
    double headroomNow = Math.max(1 - modelFloor / q, 1e-9);
    double ratio = clamp(headroomAtAim / headroomNow, 1 / maxExtrap, maxExtrap);
    double estimate = x * ratio;
    double next;
    if (q > aim ? !mayCut : !mayRaise) {
      return floor == floorMs ? this : new LatencyCapacity(floor, perPodRps, peakPerPodRps);
    } else if (Double.isNaN(perPodRps)) {
      next = estimate;
    } else if (q > aim) {
      next = Math.min(perPodRps, estimate);
    } else {
      next = Math.max(x, perPodRps + GAIN * (estimate - perPodRps));
    }
    if (q <= aim && !Double.isNaN(peakPerPodRps)) {
      // Meeting the aim at light load says little; a pod that has completed this much per second
      // when saturated can take a share of it at the aim.
      next = Math.max(next, peakPerPodRps * BOOTSTRAP_SHARE_OF_PEAK);
    }
    return new LatencyCapacity(floor, next, peakPerPodRps);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
