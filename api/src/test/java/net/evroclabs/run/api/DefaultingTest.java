package net.evroclabs.run.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultingTest {

  private static final PlatformConfig CONFIG = PlatformConfig.defaults();

  private static ServiceSpec minimal() {
    return ServiceValidatorTest.valid().getSpec();
  }

  @Test
  void unsetTemplateFieldsGetTheDocumentedDefaults() {
    ServiceSpec spec = Defaulting.apply(minimal(), CONFIG);
    ContainerSpec c = spec.getTemplate().getContainer();
    assertThat(c.getPort()).isEqualTo(8080);
    assertThat(c.getProtocol()).isEqualTo(Protocol.HTTP1);
    assertThat(c.getReadinessProbe()).isNull();
    assertThat(spec.getTemplate().getTimeoutSeconds()).isEqualTo(300);
    assertThat(spec.getTemplate().getContainerConcurrency()).isZero();
  }

  @Test
  void trafficDefaultsToEverythingOnTheLatestRevision() {
    ServiceSpec spec = Defaulting.apply(minimal(), CONFIG);
    assertThat(spec.getTraffic()).containsExactly(TrafficTarget.latest(100));
  }

  @Test
  void autoscalingDefaultsComeFromPlatformConfig() {
    Autoscaling a = Defaulting.apply(minimal(), CONFIG).getAutoscaling();
    assertThat(a.getMetric()).isEqualTo(ScalingMetric.LATENCY);
    assertThat(a.getTarget()).isEqualTo(200);
    assertThat(a.getPercentile()).isEqualTo(Percentile.P95);
    assertThat(a.getMinScale()).isZero();
    assertThat(a.getMaxScale()).isEqualTo(10);
    assertThat(Durations.parse(a.getScaleToZeroDelay())).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anotherMetricGetsItsOwnTargetAndNoPercentile() {
    ServiceSpec in = minimal();
    Autoscaling a = new Autoscaling();
    a.setMetric(ScalingMetric.CONCURRENCY);
    in.setAutoscaling(a);
    Autoscaling out = Defaulting.apply(in, CONFIG).getAutoscaling();
    assertThat(out.getTarget()).isEqualTo(Defaulting.DEFAULT_CONCURRENCY_TARGET);
    assertThat(out.getPercentile()).isNull();
  }

  @Test
  void aMinScaleAboveTheDefaultMaxRaisesTheDefaultMax() {
    ServiceSpec in = minimal();
    Autoscaling a = new Autoscaling();
    a.setMinScale(15);
    in.setAutoscaling(a);
    assertThat(Defaulting.apply(in, CONFIG).getAutoscaling().getMaxScale()).isEqualTo(15);
  }

  @Test
  void givenValuesAreKept() {
    ServiceSpec in = minimal();
    in.getTemplate().getContainer().setPort(9000);
    in.getTemplate().getContainer().setProtocol(Protocol.H2C);
    in.getTemplate().setTimeoutSeconds(30);
    in.setTraffic(List.of(TrafficTarget.pinned("hello-00001", 100)));
    ServiceSpec out = Defaulting.apply(in, CONFIG);
    assertThat(out.getTemplate().getContainer().getPort()).isEqualTo(9000);
    assertThat(out.getTemplate().getContainer().getProtocol()).isEqualTo(Protocol.H2C);
    assertThat(out.getTemplate().getTimeoutSeconds()).isEqualTo(30);
    assertThat(out.getTraffic()).containsExactly(TrafficTarget.pinned("hello-00001", 100));
  }

  @Test
  void theInputIsNeverChanged() {
    ServiceSpec in = minimal();
    Defaulting.apply(in, CONFIG);
    assertThat(in.getTemplate().getContainer().getPort()).isNull();
    assertThat(in.getTraffic()).isNull();
    assertThat(in.getAutoscaling()).isNull();
  }

  @Test
  void anHttpProbeWithoutPathProbesTheRoot() {
    ServiceSpec in = minimal();
    in.getTemplate().getContainer().setReadinessProbe(new Probe(new HttpGetAction()));
    assertThat(
            Defaulting.apply(in, CONFIG)
                .getTemplate()
                .getContainer()
                .getReadinessProbe()
                .getHttpGet()
                .getPath())
        .isEqualTo("/");
  }

  @Test
  void defaultingIsIdempotent() {
    ServiceSpec once = Defaulting.apply(minimal(), CONFIG);
    ServiceSpec twice = Defaulting.apply(once, CONFIG);
    assertThat(twice.getTemplate()).isEqualTo(once.getTemplate());
    assertThat(twice.getAutoscaling()).isEqualTo(once.getAutoscaling());
    assertThat(twice.getTraffic()).isEqualTo(once.getTraffic());
  }
}
