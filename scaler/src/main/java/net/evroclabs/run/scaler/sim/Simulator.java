package net.evroclabs.run.scaler.sim;

import java.time.Duration;
import java.util.List;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.decision.ScalingMetric;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import net.evroclabs.run.scaler.decision.Tuning;

/** Runs a policy by name over arrivals; the entry point of the simulate command and benchmarks. */
public final class Simulator {

  /** Policies the simulator knows. */
  public static final List<String> POLICIES = List.of("latency", "kpa");

  /**
   * KPA told the app's real concurrency (containerConcurrency = the app's slots, so a target of 0.7
   * x slots per pod): the best a Knative user could configure by hand.
   */
  public static final String KPA_TUNED = "kpa-tuned";

  static final int MAX_SCALE = 50;

  private Simulator() {}

  public static SimReport run(
      String name,
      Arrivals arrivals,
      String policy,
      double targetMs,
      double percentile,
      AppProfile app,
      Simulation.Settings settings) {
    return Simulation.run(
        name,
        arrivals,
        app,
        policy(policy, targetMs, percentile, app),
        targetMs,
        percentile,
        settings);
  }

  /** Runs a built-in scenario with the typical app and default settings. */
  public static SimReport run(
      Scenario scenario, String policy, double targetMs, double percentile) {
    Simulation.Settings settings = Simulation.Settings.defaults();
    return run(
        scenario.name(),
        scenario.arrivals(settings.seed()),
        policy,
        targetMs,
        percentile,
        AppProfile.typical(),
        settings);
  }

  static SimPolicy policy(String name, double targetMs, double percentile, AppProfile app) {
    return switch (name) {
      case "latency" ->
          new CorePolicy(
              new Autoscaler(Tuning.defaults()),
              new ScalingSpec(
                  ScalingMetric.LATENCY,
                  targetMs,
                  percentile,
                  0,
                  MAX_SCALE,
                  Duration.ofSeconds(60)));
      case "kpa" -> new KpaPolicy(MAX_SCALE);
      case KPA_TUNED -> new KpaPolicy(KPA_TUNED, MAX_SCALE, 0.7 * app.slots());
      default ->
          throw new IllegalArgumentException(
              "--policy = "
                  + name
                  + ", must be one of "
                  + String.join(", ", POLICIES)
                  + ", "
                  + KPA_TUNED);
    };
  }
}
