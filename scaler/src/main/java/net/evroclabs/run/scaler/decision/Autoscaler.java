package net.evroclabs.run.scaler.decision;

import java.time.Duration;
import java.time.Instant;

/**
 * The decision core: a pure function from (spec, observation, replicas, memory, now) to a {@link
 * Decision}. It never reads a clock or the network; the caller passes {@code now} and keeps the
 * returned memory for the next tick.
 */
public final class Autoscaler {

  private final Tuning tuning;

  public Autoscaler(Tuning tuning) {
    this.tuning = tuning;
  }

  public Tuning tuning() {
    return tuning;
  }

  /**
   * A request waits at the activator: a revision at zero goes to {@code max(1, minScale)} at once,
   * without waiting for metrics. Idempotent; a revision with replicas keeps them.
   */
  public Decision poke(ScalingSpec spec, Replicas replicas, RevisionMemory memory, Instant now) {
    RevisionMemory next = memory.withActivity(now);
    int current = replicas.desired();
    if (current > 0) {
      return new Decision(
          current, Mode.POKE, "keeping " + current + ": already scaled", Double.NaN, next);
    }
    int to = Math.min(spec.maxScale(), Math.max(1, spec.minScale()));
    return new Decision(
        to, Mode.POKE, "0 → " + to + ": a request is waiting at the activator", Double.NaN, next);
  }

  /** Decides the replicas of one revision for the tick at {@code now}. */
  public Decision decide(
      ScalingSpec spec, Observation obs, Replicas replicas, RevisionMemory memory, Instant now) {
    int current = replicas.desired();
    if (!obs.hasData()) {
      int keep = clamp(spec, current, current > 0 || spec.minScale() > 0);
      return new Decision(
          keep,
          Mode.NO_DATA,
          transition(current, keep) + ": no metrics, keeping the scale",
          Double.NaN,
          memory);
    }

    Instant lastActivity = memory.lastActivity();
    if (obs.recentlyActive() || lastActivity == null) {
      lastActivity = now;
    }
    Instant lastHeldAt = obs.held() > 0 ? now : memory.lastHeldAt();
    Instant readyUpAt = memory.readyUpAt();
    Instant readyDownAt = memory.readyDownAt();
    if (memory.lastReady() >= 0 && replicas.ready() > memory.lastReady()) {
      readyUpAt = now;
    } else if (memory.lastReady() >= 0 && replicas.ready() < memory.lastReady()) {
      readyDownAt = now;
    }
    LatencyCapacity capacity = memory.capacity();
    if (spec.metric() == ScalingMetric.LATENCY) {
      capacity = learn(capacity, spec, obs, replicas, lastHeldAt, readyUpAt, readyDownAt, now);
    }
    Demand demand = DemandModel.of(spec, tuning, obs, replicas, capacity);

    boolean awake = current > 0 || obs.recentlyActive();
    double capacityPods = Math.max(current, 1);
    Instant panicUntil = memory.panicUntil();
    boolean burst =
        awake
            && demand.panicPods() > capacityPods
            && demand.panicPods() >= tuning.panicThreshold() * capacityPods;
    if (burst) {
      panicUntil = now.plus(tuning.panicHold());
    }
    boolean panicking = panicUntil != null && now.isBefore(panicUntil);

    double wanted =
        panicking ? Math.max(demand.stablePods(), demand.panicPods()) : demand.stablePods();
    int want = ceil(wanted);
    if (awake) {
      want = Math.max(want, 1);
    } else {
      want = 0;
    }
    RecommendationWindow history = memory.recommendations();
    if (history.points().isEmpty() && current > 0) {
      // Nothing remembered (a new revision or a restarted scaler): the current scale counts as a
      // recommendation, so a restart never shrinks a revision before a full window has passed.
      history = history.add(now, current, tuning.scaleDownWindow());
    }
    RecommendationWindow window = history.add(now, want, tuning.scaleDownWindow());

    int desired;
    Mode mode = panicking ? Mode.PANIC : Mode.STABLE;
    String why = demand.detail();
    if (want >= current) {
      desired = want;
    } else if (panicking) {
      desired = current;
      why = why + "; scale-down suspended after a burst";
    } else if (spec.metric() == ScalingMetric.LATENCY
        && obs.stable().hasLatency()
        && obs.stable().latencyMs() > spec.target()) {
      desired = current;
      why = why + "; not scaling down while above the target";
    } else {
      desired = Math.max(want, Math.min(current, window.highest()));
      if (desired > want) {
        why =
            why + "; scale-down held at the highest of the last " + human(tuning.scaleDownWindow());
      }
    }

    Duration idle = Duration.between(lastActivity, now);
    if (spec.minScale() == 0
        && current > 0
        && !obs.recentlyActive()
        && !obs.stable().active()
        && idle.compareTo(spec.scaleToZeroDelay()) >= 0) {
      desired = 0;
      mode = Mode.ZERO;
      why = "no requests for " + human(idle) + " and none held";
    }

    if (!replicas.revisionReady() && desired > current) {
      int cap = current == 0 ? 1 : current;
      if (desired > cap) {
        desired = cap;
        why = why + "; revision not ready, not scaling up beyond pending pods";
      }
    }

    if (burst && desired > current) {
      why =
          "panic, the last "
              + human(tuning.panicWindow())
              + " ask for "
              + Text.num(demand.panicPods())
              + " pods; "
              + why;
    }
    int bounded = clamp(spec, desired, desired > 0);
    if (bounded != desired) {
      why = why + (bounded > desired ? "; minScale " : "; maxScale ") + bounded;
    }
    RevisionMemory next =
        new RevisionMemory(
            lastActivity,
            panicUntil,
            capacity,
            window,
            lastHeldAt,
            replicas.ready(),
            readyUpAt,
            readyDownAt);
    String reason = transition(current, bounded) + ": " + why;
    return new Decision(bounded, mode, reason, demand.observed(), next);
  }

  /** What this tick's windows teach about the per-pod capacity, from the windows they can. */
  private LatencyCapacity learn(
      LatencyCapacity capacity,
      ScalingSpec spec,
      Observation obs,
      Replicas replicas,
      Instant lastHeldAt,
      Instant readyUpAt,
      Instant readyDownAt,
      Instant now) {
    Duration recent = tuning.panicWindow().multipliedBy(2);
    if (!within(readyUpAt, now, recent) && !within(readyDownAt, now, recent)) {
      // Only a panic window served by the pods ready now says what one pod completes.
      capacity = capacity.observePeak(obs.panic(), replicas.ready());
    }
    Duration seen = tuning.stableWindow().plus(tuning.panicWindow());
    if (within(lastHeldAt, now, seen.plus(tuning.stableWindow()))) {
      return capacity; // requests held by the activator still inflate the windows' latency
    }
    return capacity.observe(
        obs.stable(),
        obs.panic(),
        replicas.ready(),
        spec.target() * tuning.latencyAim(),
        tuning.maxExtrapolation(),
        !within(readyDownAt, now, seen),
        !within(readyUpAt, now, seen));
  }

  private static boolean within(Instant event, Instant now, Duration window) {
    return event != null && now.isBefore(event.plus(window));
  }

  private static int clamp(ScalingSpec spec, int replicas, boolean awake) {
    int lower = awake ? Math.max(1, spec.minScale()) : spec.minScale();
    return Math.min(spec.maxScale(), Math.max(lower, replicas));
  }

  private static int ceil(double pods) {
    if (Double.isNaN(pods) || pods <= 0) {
      return 0;
    }
    // Tolerate rounding noise: 3.0000001 pods is three pods.
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(pods - 1e-6));
  }

  private static String transition(int from, int to) {
    return from == to ? "keeping " + from : from + " → " + to;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 60 == 0 && s >= 60) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
