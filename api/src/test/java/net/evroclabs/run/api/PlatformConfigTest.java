package net.evroclabs.run.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformConfigTest {

  @Test
  void anEmptyConfigMapMeansTheDefaults() {
    assertThat(PlatformConfigParser.parse(Map.of())).isEqualTo(PlatformConfig.defaults());
  }

  @Test
  void keysOverrideTheirDefaults() {
    PlatformConfig c =
        PlatformConfigParser.parse(
            Map.of(
                "domain", "prod.evroclabs.net",
                "autoscaling-target", "150",
                "autoscaling-percentile", "p99",
                "autoscaling-scale-to-zero-delay", "5m",
                "workload-pod-cidrs", "10.0.0.0/8, fd00::/8"));
    assertThat(c.domain()).isEqualTo("prod.evroclabs.net");
    assertThat(c.autoscaling().target()).isEqualTo(150);
    assertThat(c.autoscaling().percentile()).isEqualTo(Percentile.P99);
    assertThat(c.autoscaling().scaleToZeroDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.workloadPodCidrs()).containsExactly("10.0.0.0/8", "fd00::/8");
  }

  @Test
  void everyBadValueIsReportedWithItsKeyAndValue() {
    assertThatThrownBy(
            () ->
                PlatformConfigParser.parse(
                    Map.of(
                        "autoscaling-scale-to-zero-delay", "-5s",
                        "autoscaling-target", "fast",
                        "autoscaling-metric", "cpu",
                        "domian", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("autoscaling-scale-to-zero-delay = '-5s'")
        .hasMessageContaining("autoscaling-target = 'fast', must be a whole number")
        .hasMessageContaining(
            "autoscaling-metric = 'cpu', must be one of [latency, concurrency, rps]")
        .hasMessageContaining("unknown key 'domian'");
  }

  @Test
  void recordValidationNamesTheKey() {
    assertThatThrownBy(() -> PlatformConfigParser.parse(Map.of("domain", "Not A Domain")))
        .hasMessageContaining("domain = 'Not A Domain'");
    assertThatThrownBy(() -> PlatformConfigParser.parse(Map.of("domain-template", "svc.{domain}")))
        .hasMessageContaining("domain-template = 'svc.{domain}', must contain {iid}");
    assertThatThrownBy(() -> PlatformConfigParser.parse(Map.of("tls-secret", "just-a-name")))
        .hasMessageContaining("tls-secret = 'just-a-name'");
    assertThatThrownBy(
            () ->
                PlatformConfigParser.parse(
                    Map.of("autoscaling-min-scale", "5", "autoscaling-max-scale", "2")))
        .hasMessageContaining("autoscaling-max-scale = 2");
    assertThatThrownBy(() -> PlatformConfigParser.parse(Map.of("workload-pod-cidrs", "10.0.0.0")))
        .hasMessageContaining("workload-pod-cidrs contains '10.0.0.0'");
    assertThatThrownBy(
            () ->
                PlatformConfigParser.parse(
                    Map.of("workload-pod-cidrs", "10.244.0.0/16, 10.245.0.1/16, fd00::1/64")))
        .hasMessageContaining(
            "workload-pod-cidrs contains '10.245.0.1/16', which has host bits set")
        .hasMessageContaining("workload-pod-cidrs contains 'fd00::1/64', which has host bits set")
        .hasMessageNotContaining("'10.244.0.0/16'");
    assertThatThrownBy(
            () -> PlatformConfigParser.parse(Map.of("workload-pod-cidrs", "fd00:::1/64")))
        .hasMessageContaining("workload-pod-cidrs contains 'fd00:::1/64', must be a CIDR");
    assertThatThrownBy(() -> PlatformConfigParser.parse(Map.of("max-memory", "lots")))
        .hasMessageContaining("max-memory = 'lots'");
  }

  @Test
  void theTlsSecretSplitsIntoNamespaceAndName() {
    PlatformConfig c = PlatformConfig.defaults();
    assertThat(c.tlsSecretNamespace()).isEqualTo("run-system");
    assertThat(c.tlsSecretName()).isEqualTo("run-wildcard-tls");
  }
}
