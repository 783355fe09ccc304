package net.evroclabs.run.scaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalingSpecTest {

  @Test
  void aBadValueIsRejectedWithTheFieldAndTheValue() {
    assertThatThrownBy(
            () -> new ScalingSpec(ScalingMetric.LATENCY, 200, 0.95, 3, 2, Duration.ofSeconds(60)))
        .hasMessage("autoscaling.maxScale = 2, must be >= 1 and >= minScale 3");
    assertThatThrownBy(
            () -> new ScalingSpec(ScalingMetric.LATENCY, 0, 0.95, 0, 2, Duration.ofSeconds(60)))
        .hasMessage("autoscaling.target = 0.0, must be > 0");
    assertThatThrownBy(
            () -> new ScalingSpec(ScalingMetric.RPS, 5, 0.95, 0, 2, Duration.ofSeconds(-5)))
        .hasMessage("autoscaling.scaleToZeroDelay = PT-5S, must be >= 0s");
    assertThatThrownBy(() -> ScalingMetric.parse("--policy", "cpu"))
        .hasMessage("--policy = cpu, must be one of latency, concurrency, rps");
    assertThatThrownBy(() -> ScalingSpec.parsePercentile("--percentile", "95"))
        .hasMessage("--percentile = 95, must look like p50, p75, p90, p95 or p99");
  }

  @Test
  void percentilesReadAndPrintAsUsersWriteThem() {
    double p = ScalingSpec.parsePercentile("percentile", "p99");
    assertThat(p).isEqualTo(0.99);
    assertThat(ScalingSpec.latency(200, p).percentileName()).isEqualTo("p99");
  }

  @Test
  void tuningRejectsAPanicWindowLongerThanTheStableWindow() {
    Tuning d = Tuning.defaults();
    assertThatThrownBy(
            () ->
                new Tuning(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(20),
                    2,
                    d.panicHold(),
                    d.scaleDownWindow(),
                    2,
                    0.8))
        .hasMessage("panicWindow = PT20S, must not exceed stableWindow PT10S");
  }
}
