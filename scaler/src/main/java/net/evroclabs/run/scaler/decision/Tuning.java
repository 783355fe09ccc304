package net.evroclabs.run.scaler.decision;

import java.time.Duration;

/**
 * Platform-wide knobs of the decision core.
 *
 * @param stableWindow the window that steady decisions average over
 * @param panicWindow the short window that detects bursts
 * @param panicThreshold panic starts when the panic window asks for this many times the current
 *     replicas (ready plus starting)
 * @param panicHold how long after the last panic signal scale-down stays suspended
 * @param scaleDownWindow scale-down follows the highest recommendation within this window
 * @param maxExtrapolation how far one observation may move the learned per-pod capacity away from
 *     what the pods actually served
 * @param latencyAim the share of the latency target that the latency strategy aims at, so that
 *     noise stays below the target
 */
public record Tuning(
    Duration stableWindow,
    Duration panicWindow,
    double panicThreshold,
    Duration panicHold,
    Duration scaleDownWindow,
    double maxExtrapolation,
    double latencyAim) {

  public Tuning {
    positive("stableWindow", stableWindow);
    positive("panicWindow", panicWindow);
    positive("panicHold", panicHold);
    if (scaleDownWindow == null || scaleDownWindow.isNegative()) {
      throw new IllegalArgumentException(
          "scaleDownWindow = " + scaleDownWindow + ", must be >= 0s");
    }
    if (panicWindow.compareTo(stableWindow) > 0) {
      throw new IllegalArgumentException(
          "panicWindow = " + panicWindow + ", must not exceed stableWindow " + stableWindow);
    }
    if (!(panicThreshold > 1)) {
      throw new IllegalArgumentException("panicThreshold = " + panicThreshold + ", must be > 1");
    }
    if (!(maxExtrapolation >= 1)) {
      throw new IllegalArgumentException(
          "maxExtrapolation = " + maxExtrapolation + ", must be >= 1");
    }
    if (!(latencyAim > 0 && latencyAim <= 1)) {
      throw new IllegalArgumentException("latencyAim = " + latencyAim + ", must be in (0, 1]");
    }
  }

  public static Tuning defaults() {
    return new Tuning(
        Duration.ofSeconds(60),
        Duration.ofSeconds(6),
        2.0,
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        1.25,
        0.8);
  }

  public Tuning withScaleDownWindow(Duration window) {
    return new Tuning(
        stableWindow, panicWindow, panicThreshold, panicHold, window, maxExtrapolation, latencyAim);
  }

  private static void positive(String field, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " = " + d + ", must be > 0s");
    }
  }
}
