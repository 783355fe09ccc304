package net.evroclabs.run.scaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

  private static final Duration TICK = Duration.ofSeconds(2);

  private final ManualClock clock = new ManualClock();
  private final Autoscaler autoscaler = new Autoscaler(Tuning.defaults());
  private final ScalingSpec latency = ScalingSpec.latency(200, 0.95);
  private RevisionMemory memory = RevisionMemory.empty();
  private int desired;

  /** Both windows show the same steady traffic. */
  private static Observation steady(double rps, double latencyMs) {
    double inFlight = rps * latencyMs / 2000.0;
    WindowStats stats = new WindowStats(rps, inFlight, latencyMs, rps * 60);
    return new Observation(stats, new WindowStats(rps, inFlight, latencyMs, rps * 6), 0);
  }

  private Decision tick(ScalingSpec spec, Observation obs, int ready) {
    clock.advance(TICK);
    Decision d = autoscaler.decide(spec, obs, Replicas.of(desired, ready), memory, clock.now());
    memory = d.memory();
    desired = d.desired();
    return d;
  }

  private Decision run(ScalingSpec spec, Observation obs, Duration howLong) {
    Decision last = null;
    for (long t = 0; t < howLong.toMillis(); t += TICK.toMillis()) {
      last = tick(spec, obs, desired);
    }
    return last;
  }

  @Test
  void steadyTrafficWithinTargetKeepsTheReplicas() {
    desired = 3;
    tick(latency, steady(90, 100), 3); // the unloaded latency
    Decision d = run(latency, steady(90, 160), Duration.ofMinutes(10));

    assertThat(d.desired()).isEqualTo(3);
    assertThat(d.mode()).isEqualTo(Mode.STABLE);
    assertThat(d.reason()).startsWith("keeping 3: p95 160 ms <= target 200 ms at 90 req/s");
  }

  @Test
  void latencyAboveTargetScalesUpFromWhatPodsServedNotLinearlyInLatency() {
    Tuning t = Tuning.defaults();
    Autoscaler wide =
        new Autoscaler(
            new Tuning(
                t.stableWindow(),
                t.panicWindow(),
                t.panicThreshold(),
                t.panicHold(),
                t.scaleDownWindow(),
                2.0,
                t.latencyAim()));
    Decision first =
        wide.decide(latency, steady(40, 100), Replicas.of(2, 2), memory, clock.advance(TICK));
    Decision d =
        wide.decide(
            latency,
            new Observation(
                new WindowStats(80, 2.4, 400, 4800), new WindowStats(80, 2.4, 400, 480), 0),
            Replicas.of(2, 2),
            first.memory(),
            clock.advance(TICK));

    // Linear scaling would ask for 2 x 400/160 = 5; the queueing model knows that 100 ms of the
    // 400 ms is not queueing and asks for 4.
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.reason())
        .isEqualTo(
            "2 → 4: panic, the last 6s ask for 4 pods; p95 400 ms > target 200 ms at 80 req/s");
    assertThat(d.observed()).isEqualTo(400);
  }

  @Test
  void aRevisionThatMeetsItsTargetEasilyScalesDownOnlyAfterTheStabilisationWindow() {
    desired = 10;
    run(latency, steady(100, 100), Duration.ofSeconds(30));
    Decision early = tick(latency, steady(100, 100), desired);
    assertThat(early.desired()).isEqualTo(10);
    assertThat(early.reason()).contains("scale-down held at the highest of the last 5m");

    Decision later = run(latency, steady(100, 100), Duration.ofMinutes(6));
    assertThat(later.desired()).isLessThan(10);
  }

  @Test
  void scaleDownFollowsTheHighestRecommendationOfTheWindow() {
    ScalingSpec rps = new ScalingSpec(ScalingMetric.RPS, 10, 0.95, 0, 100, Duration.ofSeconds(60));
    desired = 1;
    assertThat(tick(rps, steady(80, 50), 1).desired()).isEqualTo(8);
    run(rps, steady(30, 50), Duration.ofMinutes(4));
    assertThat(desired).isEqualTo(8);
    run(rps, steady(30, 50), Duration.ofSeconds(62));
    assertThat(desired).isEqualTo(3);
  }

  @Test
  void aShorterStabilisationWindowScalesDownSooner() {
    Autoscaler quick =
        new Autoscaler(Tuning.defaults().withScaleDownWindow(Duration.ofSeconds(30)));
    ScalingSpec rps = new ScalingSpec(ScalingMetric.RPS, 10, 0.95, 0, 100, Duration.ofSeconds(60));
    Decision d = quick.decide(rps, steady(80, 50), Replicas.of(8, 8), memory, clock.now());
    for (int i = 0; i < 16; i++) {
      d =
          quick.decide(
              rps,
              steady(30, 50),
              Replicas.of(d.desired(), d.desired()),
              d.memory(),
              clock.advance(TICK));
    }
    assertThat(d.desired()).isEqualTo(3);
  }

  @Test
  void aRevisionAboveItsLatencyTargetIsNeverScaledDown() {
    desired = 6;
    Decision d = run(latency, steady(30, 450), Duration.ofMinutes(10));

    assertThat(d.desired()).isGreaterThanOrEqualTo(6);
    assertThat(d.reason()).contains("p95 450 ms > target 200 ms");
  }

  @Test
  void aBurstTwiceTheCapacityPanicsAndScalesAtOnce() {
    ScalingSpec conc =
        new ScalingSpec(ScalingMetric.CONCURRENCY, 10, 0.95, 0, 50, Duration.ofSeconds(60));
    desired = 2;
    run(conc, steady(100, 200), Duration.ofMinutes(1)); // 10 in flight: 1 pod is enough, held at 2
    WindowStats stable = new WindowStats(120, 14, 200, 7200);
    WindowStats burst = new WindowStats(600, 80, 200, 3600);

    Decision d = tick(conc, new Observation(stable, burst, 0), desired);

    assertThat(d.mode()).isEqualTo(Mode.PANIC);
    assertThat(d.desired()).isEqualTo(8);
    assertThat(d.reason()).startsWith("2 → 8: panic, the last 6s ask for 8 pods");
  }

  @Test
  void panicSuspendsScaleDownForSixtySeconds() {
    ScalingSpec conc =
        new ScalingSpec(ScalingMetric.CONCURRENCY, 10, 0.95, 0, 50, Duration.ofSeconds(60));
    desired = 2;
    WindowStats stable = new WindowStats(120, 14, 200, 7200);
    tick(conc, new Observation(stable, new WindowStats(600, 80, 200, 3600), 0), 2);
    assertThat(desired).isEqualTo(8);

    Observation calm = steady(50, 200);
    Decision during = run(conc, calm, Duration.ofSeconds(56));
    assertThat(during.mode()).isEqualTo(Mode.PANIC);
    assertThat(during.desired()).isEqualTo(8);
    assertThat(during.reason()).contains("scale-down suspended after a burst");

    Decision after = run(conc, calm, Duration.ofSeconds(6));
    assertThat(after.mode()).isEqualTo(Mode.STABLE);
  }

  @Test
  void podsStillStartingCountAsCapacity() {
    ScalingSpec conc =
        new ScalingSpec(ScalingMetric.CONCURRENCY, 10, 0.95, 0, 50, Duration.ofSeconds(60));
    // 6 pods asked for, only 1 ready; demand is 50 in flight = 5 pods.
    Decision d =
        autoscaler.decide(
            conc,
            new Observation(
                new WindowStats(100, 50, 900, 6000), new WindowStats(100, 50, 900, 600), 0),
            Replicas.of(6, 1),
            memory,
            clock.advance(TICK));

    assertThat(d.desired()).isEqualTo(6);
    assertThat(d.mode()).isNotEqualTo(Mode.PANIC);
  }

  @Test
  void goesToZeroAfterTheDelayWithNoRequestsAndNothingHeld() {
    desired = 1;
    run(latency, steady(5, 100), Duration.ofMinutes(1));
    Decision stillOne = run(latency, Observation.idle(), Duration.ofSeconds(58));
    assertThat(stillOne.desired()).isEqualTo(1);

    Decision zero = tick(latency, Observation.idle(), 1);
    assertThat(zero.desired()).isZero();
    assertThat(zero.mode()).isEqualTo(Mode.ZERO);
    assertThat(zero.reason()).isEqualTo("1 → 0: no requests for 1m and none held");
  }

  @Test
  void heldRequestsKeepARevisionFromGoingToZero() {
    desired = 1;
    Observation heldOnly = new Observation(WindowStats.IDLE, WindowStats.IDLE, 3);
    Decision d = run(latency, heldOnly, Duration.ofMinutes(5));
    assertThat(d.desired()).isEqualTo(1);
  }

  @Test
  void missingMetricsKeepTheScaleAndNeverMeanZeroTraffic() {
    desired = 4;
    Decision d = run(latency, Observation.missing(), Duration.ofMinutes(10));

    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.mode()).isEqualTo(Mode.NO_DATA);
    assertThat(d.reason()).isEqualTo("keeping 4: no metrics, keeping the scale");
  }

  @Test
  void aFreshlyStartedScalerWaitsAFullDelayBeforeScalingToZero() {
    desired = 2;
    Decision first = tick(latency, Observation.idle(), 2);
    assertThat(first.desired()).isEqualTo(2);
    run(latency, Observation.idle(), Duration.ofSeconds(56));
    assertThat(desired).isPositive();
    run(latency, Observation.idle(), Duration.ofSeconds(4));
    assertThat(desired).isZero();
  }

  @Test
  void minScaleKeepsARevisionAwakeAndMaxScaleCapsIt() {
    ScalingSpec bounded = latency.withScale(2, 4);
    desired = 2;
    assertThat(run(bounded, Observation.idle(), Duration.ofMinutes(5)).desired()).isEqualTo(2);

    ScalingSpec rps = new ScalingSpec(ScalingMetric.RPS, 10, 0.95, 2, 4, Duration.ofSeconds(60));
    Decision d = tick(rps, steady(500, 50), 2);
    assertThat(d.desired()).isEqualTo(4);
    assertThat(d.reason()).contains("maxScale 4");
  }

  @Test
  void pokeWakesARevisionAtZeroAtOnceAndIsIdempotent() {
    Decision first = autoscaler.poke(latency, Replicas.of(0, 0), memory, clock.now());
    assertThat(first.desired()).isEqualTo(1);
    assertThat(first.reason()).isEqualTo("0 → 1: a request is waiting at the activator");

    Decision again = autoscaler.poke(latency, Replicas.of(1, 0), first.memory(), clock.now());
    assertThat(again.desired()).isEqualTo(1);

    Decision withMin =
        autoscaler.poke(latency.withScale(3, 10), Replicas.of(0, 0), memory, clock.now());
    assertThat(withMin.desired()).isEqualTo(3);
  }

  @Test
  void aPokeRestartsTheIdleClockSoTheWokenRevisionIsNotScaledStraightBackToZero() {
    desired = 1;
    run(latency, Observation.idle(), Duration.ofMinutes(2));
    assertThat(desired).isZero();
    Decision poked = autoscaler.poke(latency, Replicas.of(0, 0), memory, clock.now());
    memory = poked.memory();
    desired = poked.desired();

    Decision next = tick(latency, Observation.idle(), 0);
    assertThat(next.desired()).isEqualTo(1);
  }

  @Test
  void aRevisionAtZeroStaysAtZeroWithoutTraffic() {
    desired = 0;
    assertThat(run(latency, Observation.idle(), Duration.ofMinutes(3)).desired()).isZero();
    assertThat(run(latency, Observation.missing(), Duration.ofMinutes(3)).desired()).isZero();
  }

  @Test
  void heldRequestsWakeARevisionAtZeroEvenWhenThePokeWasLost() {
    desired = 0;
    Decision d = tick(latency, new Observation(WindowStats.IDLE, WindowStats.IDLE, 2), 0);
    assertThat(d.desired()).isEqualTo(1);
  }

  @Test
  void aRevisionThatIsNotReadyIsNotScaledUpBeyondWhatIsPending() {
    ScalingSpec rps = new ScalingSpec(ScalingMetric.RPS, 10, 0.95, 0, 100, Duration.ofSeconds(60));
    Decision d =
        autoscaler.decide(
            rps, steady(200, 50), new Replicas(2, 0, false), memory, clock.advance(TICK));
    assertThat(d.desired()).isEqualTo(2);
    assertThat(d.reason()).contains("revision not ready");
  }

  @Test
  void concurrencyAndRpsStrategiesDivideDemandByTheTargetPerPod() {
    ScalingSpec conc =
        new ScalingSpec(ScalingMetric.CONCURRENCY, 10, 0.95, 0, 100, Duration.ofSeconds(60));
    ScalingSpec rps = new ScalingSpec(ScalingMetric.RPS, 25, 0.95, 0, 100, Duration.ofSeconds(60));
    Observation obs =
        new Observation(new WindowStats(100, 35, 300, 6000), new WindowStats(100, 35, 300, 600), 0);

    Decision c = autoscaler.decide(conc, obs, Replicas.of(3, 3), memory, clock.advance(TICK));
    Decision r = autoscaler.decide(rps, obs, Replicas.of(3, 3), memory, clock.now());

    assertThat(c.desired()).isEqualTo(4);
    assertThat(c.observed()).isCloseTo(35 / 3.0, within(1e-9));
    assertThat(r.desired()).isEqualTo(4);
    assertThat(r.reason()).isEqualTo("3 → 4: 100 req/s vs target 25 req/s per pod");
  }
}
