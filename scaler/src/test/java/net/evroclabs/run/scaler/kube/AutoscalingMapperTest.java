package net.evroclabs.run.scaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.evroclabs.run.api.Autoscaling;
import net.evroclabs.run.api.Percentile;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.scaler.decision.ScalingMetric;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import org.junit.jupiter.api.Test;

class AutoscalingMapperTest {

  private final AutoscalingMapper mapper = new AutoscalingMapper(PlatformConfig.defaults());

  @Test
  void aServiceWithoutAutoscalingGetsThePlatformDefaults() {
    ScalingSpec spec = mapper.map(new ServiceSpec());
    assertThat(spec.metric()).isEqualTo(ScalingMetric.LATENCY);
    assertThat(spec.minScale()).isZero();
    assertThat(spec).isEqualTo(mapper.defaults());
  }

  @Test
  void theServicesOwnSettingsAreKept() {
    Autoscaling a = new Autoscaling();
    a.setTarget(250);
    a.setPercentile(Percentile.P99);
    a.setMinScale(1);
    a.setMaxScale(7);
    a.setScaleToZeroDelay("5m");
    ServiceSpec s = new ServiceSpec();
    s.setAutoscaling(a);

    ScalingSpec spec = mapper.map(s);

    assertThat(spec)
        .isEqualTo(new ScalingSpec(ScalingMetric.LATENCY, 250, 0.99, 1, 7, Duration.ofMinutes(5)));
  }
}
