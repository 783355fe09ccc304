package net.evroclabs.run.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdsServerConfigTest {

  @Test
  void anEmptyEnvironmentGivesTheDefaults() {
    assertThat(XdsServerConfig.fromEnv(Map.of())).isEqualTo(XdsServerConfig.defaults());
    assertThat(XdsServerConfig.defaults().xds().port()).isEqualTo(18000);
  }

  @Test
  void variablesOverrideTheDefaults() {
    XdsServerConfig c =
        XdsServerConfig.fromEnv(
            Map.of(
                "XDS_PORT", "19000",
                "XDS_DEBOUNCE_MS", "50",
                "XDS_TLS_CERT", "/tls/tls.crt",
                "XDS_TLS_KEY", "/tls/tls.key",
                "XDS_TLS_CLIENT_CA", "/tls/ca.crt"));

    assertThat(c.xds().port()).isEqualTo(19000);
    assertThat(c.debounce()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.xds().tls().clientCa()).isEqualTo(Path.of("/tls/ca.crt"));
  }

  @Test
  void everyBadValueIsNamed() {
    assertThatThrownBy(() -> XdsServerConfig.fromEnv(Map.of("XDS_PORT", "x", "XDS_TLS_CERT", "/a")))
        .hasMessageContaining("XDS_PORT = 'x'")
        .hasMessageContaining("must be set together");
  }
}
