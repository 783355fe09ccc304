package net.evroclabs.run.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalerConfigTest {

  @Test
  void defaultsMatchTheDocumentedValues() {
    ScalerConfig c = ScalerConfig.defaults();
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.tick()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.tuning().stableWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.tuning().panicWindow()).isEqualTo(Duration.ofSeconds(6));
    assertThat(c.tuning().scaleDownWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.prometheus().toString()).isEqualTo("http://prometheus:9090");
  }

  @Test
  void environmentOverridesAndBadValuesNameTheKey() {
    ScalerConfig c =
        ScalerConfig.fromEnv(Map.of("SCALER_PORT", "9000", "SCALER_SCALE_DOWN_WINDOW", "2m"));
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.tuning().scaleDownWindow()).isEqualTo(Duration.ofMinutes(2));

    assertThatThrownBy(() -> ScalerConfig.fromEnv(Map.of("SCALER_TICK", "often")))
        .hasMessage("SCALER_TICK = often, must be a duration like 2s or 5m");
    assertThatThrownBy(() -> ScalerConfig.fromEnv(Map.of("SCALER_PORT", "eighty")))
        .hasMessage("SCALER_PORT = eighty, must be a number 0..65535");
    assertThatThrownBy(() -> ScalerConfig.fromEnv(Map.of("PROMETHEUS_URL", "prometheus")))
        .hasMessage("PROMETHEUS_URL = prometheus, must be an absolute http(s) URL");
  }
}
