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
    double aim = spec.target() * tuning.latencyAim();
    String detail = latencyDetail(spec, stable, heldRate);
    double perPod = capacity.planningPerPodRps();
    boolean coping =
        replicas.ready() > 0 && obs.held() == 0 && panic.hasLatency() && panic.latencyMs() <= aim;
    if (Double.isNaN(perPod) || (!capacity.known() && coping)) {
      // Nothing learned yet, and either nothing to plan with or the pods serve the last few
      // seconds within the aim (a light load after a cold start): keep what there is.
      double pods = Math.max(replicas.desired(), obs.recentlyActive() ? 1 : 0);
      return new Demand(pods, pods, stable.latencyMs(), detail);
    }
    double stablePods = (stable.requestRate() + heldRate) / perPod;
    double panicRate = panic.requestRate();
    double backlog = panic.inFlight() + obs.held();
    if (stable.requestRate() > 0 && stable.inFlight() > 0) {
      // Little's law: at the aim, the pods hold rate x mean latency requests in flight. Work in
      // flight beyond that is a backlog to drain within half a stable window (new pods take a
      // while to start, so draining it faster would only add pods that arrive after it is gone).
      double meanSeconds = Math.min(stable.inFlight() / stable.requestRate(), aim / 1000.0);
      backlog -= panic.requestRate() * meanSeconds;
    }
    panicRate += Math.max(0, backlog) / (tuning.stableWindow().toMillis() / 2000.0);
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
