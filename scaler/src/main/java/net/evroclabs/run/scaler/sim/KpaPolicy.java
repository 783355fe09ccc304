package net.evroclabs.run.scaler.sim;

import net.evroclabs.run.scaler.decision.WindowStats;

/**
 * Knative's KPA as published (serving {@code pkg/autoscaler/scaling/autoscaler.go} with the
 * defaults of {@code config-autoscaler}): concurrency target 100 per pod at 70 % utilisation,
 * stable window 60 s, panic window 6 s (10 %), panic threshold 200 %, max scale-up rate 1000, max
 * scale-down rate 2, scale-down delay 0, scale-to-zero grace period 30 s. It is fed the same
 * metrics as our policy.
 */
final class KpaPolicy implements SimPolicy {

  /** Knative's default: container-concurrency-target-default 100 at 70 % utilisation. */
  static final double DEFAULT_TARGET = 100 * 0.7;

  private static final double STABLE_SECONDS = 60;
  private static final double PANIC_SECONDS = 6;
  private static final double PANIC_THRESHOLD = 2.0;
  private static final double MAX_SCALE_UP_RATE = 1000;
  private static final double MAX_SCALE_DOWN_RATE = 2;
  private static final double SCALE_TO_ZERO_GRACE = 30;

  private final int maxScale;
  private final double target;
  private final String name;
  private double panicSince = Double.NaN;
  private int maxPanicPods;
  private double zeroWantedSince = Double.NaN;

  /** KPA with its default concurrency target. */
  KpaPolicy(int maxScale) {
    this("kpa", maxScale, DEFAULT_TARGET);
  }

  /** KPA with a concurrency target per pod, as when a revision sets containerConcurrency. */
  KpaPolicy(String name, int maxScale, double target) {
    this.name = name;
    this.maxScale = maxScale;
    this.target = target;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int tick(MetricsPipeline metrics, int desired, int ready, double now) {
    WindowStats stable = metrics.window(now, STABLE_SECONDS, 0.5);
    WindowStats panic = metrics.window(now, PANIC_SECONDS, 0.5);
    if (stable == null) {
      return desired;
    }
    double held = metrics.held();
    int readyPods = Math.max(1, ready);
    int maxUp = (int) Math.ceil(MAX_SCALE_UP_RATE * readyPods);
    int maxDown = (int) Math.floor(readyPods / MAX_SCALE_DOWN_RATE);
    int dspc = clamp((int) Math.ceil((stable.inFlight() + held) / target), maxDown, maxUp);
    int dppc = clamp((int) Math.ceil((panic.inFlight() + held) / target), maxDown, maxUp);
    boolean over = dppc / (double) readyPods >= PANIC_THRESHOLD;
    if (over) {
      panicSince = now;
    } else if (!Double.isNaN(panicSince) && now > panicSince + STABLE_SECONDS) {
      panicSince = Double.NaN;
      maxPanicPods = 0;
    }
    int want;
    if (!Double.isNaN(panicSince)) {
      maxPanicPods = Math.max(maxPanicPods, dppc);
      want = maxPanicPods;
    } else {
      want = dspc;
    }
    if (want == 0 && desired > 0) {
      if (Double.isNaN(zeroWantedSince)) {
        zeroWantedSince = now;
      }
      if (now - zeroWantedSince < SCALE_TO_ZERO_GRACE) {
        want = 1;
      }
    } else {
      zeroWantedSince = Double.NaN;
    }
    if (want == 0 && held > 0) {
      want = 1;
    }
    return Math.min(maxScale, want);
  }

  @Override
  public int poke(int desired, double now) {
    zeroWantedSince = Double.NaN;
    return Math.max(desired, 1);
  }

  @Override
  public String lastReason() {
    return Double.isNaN(panicSince) ? "stable" : "panic";
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
