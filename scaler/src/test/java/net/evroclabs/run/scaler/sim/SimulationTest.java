package net.evroclabs.run.scaler.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private static final Scenario SHORT_STEADY = new Scenario("short", "", 600, t -> 200);

  @Test
  void theLatencyPolicyMeetsItsTargetUnderSteadyLoadAfterTheColdStart() {
    SimReport r = Simulator.run(SHORT_STEADY, "latency", 200, 0.95);

    assertThat(r.requests()).isBetween(110_000L, 130_000L);
    assertThat(r.windows()).isEqualTo(9);
    assertThat(r.sloWindowsPct()).isEqualTo(100);
    assertThat(r.coldStarts()).isEqualTo(1);
    assertThat(r.timedOut()).isZero();
    assertThat(r.replicaSeconds()).isBetween(600.0, 600.0 * Simulator.MAX_SCALE);
  }

  @Test
  void bothPoliciesSeeTheSameArrivalsAndTheSameSeedGivesTheSameReport() {
    SimReport a = Simulator.run(SHORT_STEADY, "kpa", 200, 0.95);
    SimReport b = Simulator.run(SHORT_STEADY, "kpa", 200, 0.95);
    SimReport ours = Simulator.run(SHORT_STEADY, "latency", 200, 0.95);

    assertThat(a).isEqualTo(b);
    assertThat(ours.requests()).isEqualTo(a.requests());
  }

  @Test
  void anIdleGapScalesToZeroAndTheNextRequestIsAColdStart() {
    Scenario gap = new Scenario("gap", "", 900, t -> t < 120 || t >= 600 ? 20 : 0);
    SimReport r = Simulator.run(gap, "latency", 200, 0.95);

    assertThat(r.coldStarts()).isEqualTo(2);
    assertThat(r.heldRequests()).isPositive();
    assertThat(r.scaleEvents()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theCommandPrintsOneLinePerPolicyAndRejectsUnknownNames() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SimulateCommand.run(
        new String[] {"--scenario", "onoff", "--target-ms", "250", "--percentile", "p99"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out.lines()).hasSize(3);
    assertThat(out).contains("onoff      latency").contains("onoff      kpa");
    assertThatThrownBy(() -> SimulateCommand.run(new String[] {"--scenario", "flat"}, System.out))
        .hasMessageStartingWith("--scenario = flat, must be one of steady, step");
    assertThatThrownBy(
            () -> SimulateCommand.run(new String[] {"--all", "--policy", "hpa"}, System.out))
        .hasMessage("--policy = hpa, must be one of latency, kpa, kpa-tuned");
  }
}
