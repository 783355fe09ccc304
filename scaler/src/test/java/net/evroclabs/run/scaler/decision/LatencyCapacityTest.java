package net.evroclabs.run.scaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyCapacityTest {

  private static WindowStats window(double rps, double latencyMs) {
    return new WindowStats(rps, rps * latencyMs / 1000, latencyMs, rps * 60);
  }

  @Test
  void aViolationCutsTheCapacityToTheQueueingModelsEstimateAtOnce() {
    LatencyCapacity learned =
        LatencyCapacity.unknown()
            .observe(window(50, 100), window(50, 100), 1, 160, 2, true, true)
            .observe(window(50, 400), window(50, 400), 1, 160, 2, true, true);

    // x * (1 - 100/160) / (1 - 100/400) = 50 * 0.375 / 0.75
    assertThat(learned.perPodRps()).isCloseTo(25, within(1e-9));
    assertThat(learned.floorMs()).isEqualTo(100);
  }

  @Test
  void meetingTheAimRaisesTheCapacityGraduallyAndNeverBeyondTheExtrapolationLimit() {
    LatencyCapacity c =
        LatencyCapacity.unknown().observe(window(40, 100), window(40, 100), 1, 160, 2, true, true);
    assertThat(c.perPodRps()).isEqualTo(80);
    for (int i = 0; i < 100; i++) {
      c = c.observe(window(40, 100), window(40, 100), 1, 160, 2, true, true);
    }
    assertThat(c.perPodRps()).isCloseTo(80, within(1e-9));
  }

  @Test
  void neverBelowWhatThePodsServedWhileMeetingTheAim() {
    LatencyCapacity c = new LatencyCapacity(100, 10, Double.NaN);
    assertThat(c.observe(window(30, 150), window(30, 150), 1, 160, 2, true, true).perPodRps())
        .isGreaterThanOrEqualTo(30);
  }

  @Test
  void tooFewRequestsTeachNothing() {
    WindowStats sparse = new WindowStats(0.2, 0.02, 900, 12);
    assertThat(LatencyCapacity.unknown().observe(sparse, sparse, 1, 160, 2, true, true).known())
        .isFalse();
  }

  @Test
  void anOverloadedFirstWindowReadsAsOverloadNotAsASlowApp() {
    // One pod saturated from the start: 57 s at the 95th percentile, 50 req/s completed.
    LatencyCapacity c =
        LatencyCapacity.unknown()
            .observe(window(50, 57_000), window(50, 57_000), 1, 160, 1.25, true, true);

    assertThat(c.perPodRps()).isLessThan(50);
  }
}
