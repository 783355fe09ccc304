package net.evroclabs.run.scaler.decision;

/** Turns one observation into the pods it asks for, per scaling metric. */
final class DemandModel {

  private DemandModel() {}

  static Demand of(
      ScalingSpec spec,
      Tuning tuning,
      Observation obs,
      Replicas replicas,
      LatencyCapacity capacity) {
    double panicSeconds = tuning.panicWindow().toMillis() / 1000.0;
    double heldRate = obs.held() / panicSeconds;
    WindowStats stable = obs.stable();
    WindowStats panic = obs.panic();
    int ready = replicas.ready();
    return switch (spec.metric()) {
      case CONCURRENCY -> {
        double perPod = ready > 0 ? stable.inFlight() / ready : Double.NaN;
        yield new Demand(
            (stable.inFlight() + obs.held()) / spec.target(),
            (panic.inFlight() + obs.held()) / spec.target(),
            perPod,
            Text.num(stable.inFlight() + obs.held())
                + " in flight vs target "
                + Text.num(spec.target())
                + " per pod");
      }
      case RPS -> {
        double perPod = ready > 0 ? stable.requestRate() / ready : Double.NaN;
        yield new Demand(
            (stable.requestRate() + heldRate) / spec.target(),
            (panic.requestRate() + heldRate) / spec.target(),
            perPod,
            Text.num(stable.requestRate() + heldRate)
                + " req/s vs target "
                + Text.num(spec.target())
                + " req/s per pod");
      }
      case LATENCY -> latency(spec, tuning, obs, replicas, capacity, heldRate);
    };
  }

  private static Demand latency(
      ScalingSpec spec,
      Tuning tuning,
      Observation obs,
      Replicas replicas,
      LatencyCapacity capacity,
      double heldRate) {
    WindowStats stable = obs.stable();
    WindowStats panic = obs.panic();
    double aim = capacity.effectiveAim(spec.target() * tuning.latencyAim());
    String detail = latencyDetail(spec, stable, heldRate);
    if (!capacity.known()) {
      double pods = Math.max(replicas.desired(), obs.recentlyActive() ? 1 : 0);
      if (stable.hasLatency() && replicas.ready() > 0 && stable.latencyMs() > aim) {
        pods = Math.max(pods, replicas.ready() * stable.latencyMs() / aim);
      }
      double panicPods = pods;
      if (panic.hasLatency() && replicas.ready() > 0 && panic.latencyMs() > aim) {
        panicPods = Math.max(pods, replicas.ready() * panic.latencyMs() / aim);
      }
      return new Demand(pods, panicPods, stable.latencyMs(), detail);
    }
    double perPod = capacity.perPodRps();
    double stablePods = (stable.requestRate() + heldRate) / perPod;
    double panicRate = panic.requestRate() + heldRate;
    if (stable.requestRate() > 0 && stable.inFlight() > 0) {
      // Little's law: the work in flight now, at the mean latency of the stable window, implies
      // this arrival rate; it rises before the rate does when a burst piles up at saturated pods.
      double meanSeconds = stable.inFlight() / stable.requestRate();
      panicRate = Math.max(panicRate, (panic.inFlight() + obs.held()) / meanSeconds);
    }
    return new Demand(stablePods, panicRate / perPod, stable.latencyMs(), detail);
  }

  private static String latencyDetail(ScalingSpec spec, WindowStats stable, double heldRate) {
    String rate = Text.num(stable.requestRate() + heldRate) + " req/s";
    if (!stable.hasLatency()) {
      return "no latency yet at " + rate;
    }
    String cmp = stable.latencyMs() > spec.target() ? " > " : " <= ";
    return spec.percentileName()
        + " "
        + Math.round(stable.latencyMs())
        + " ms"
        + cmp
        + "target "
        + Math.round(spec.target())
        + " ms at "
        + rate;
  }
}
