package net.evroclabs.run.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule: a change that keeps a valid Service valid, and a change that breaks exactly
 * that rule, with the field path the violation must name.
 */
class ServiceValidatorTest {

  private static final PlatformConfig CONFIG = PlatformConfig.defaults();

  static Service valid() {
    Service s = new Service();
    s.setMetadata(new ObjectMetaBuilder().withName("hello").withNamespace("team-a").build());
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");
    c.setEnv(new ArrayList<>(List.of(new EnvVar("HELLO", "world"))));
    RevisionTemplate t = new RevisionTemplate();
    t.setContainer(c);
    ServiceSpec spec = new ServiceSpec();
    spec.setTemplate(t);
    s.setSpec(spec);
    return s;
  }

  private static ContainerSpec container(Service s) {
    return s.getSpec().getTemplate().getContainer();
  }

  private static Autoscaling autoscaling(Service s) {
    if (s.getSpec().getAutoscaling() == null) {
      s.getSpec().setAutoscaling(new Autoscaling());
    }
    return s.getSpec().getAutoscaling();
  }

  private static List<TrafficTarget> traffic(TrafficTarget... targets) {
    return new ArrayList<>(List.of(targets));
  }

  private static Arguments row(
      String rule, Consumer<Service> passing, Consumer<Service> failing, String... fields) {
    return Arguments.of(rule, passing, failing, List.of(fields));
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        row(
            "name is a DNS-1035 label",
            s -> s.getMetadata().setName("hello-2"),
            s -> s.getMetadata().setName("2hello"),
            "metadata.name"),
        row(
            "name ends with a letter or digit",
            s -> s.getMetadata().setName("a"),
            s -> s.getMetadata().setName("hello-"),
            "metadata.name"),
        row(
            "name leaves room for revision suffixes",
            s -> s.getMetadata().setName("a".repeat(57)),
            s -> s.getMetadata().setName("a".repeat(58)),
            "metadata.name"),
        row("template is required", s -> {}, s -> s.getSpec().setTemplate(null), "spec.template"),
        row(
            "container is required",
            s -> {},
            s -> s.getSpec().getTemplate().setContainer(null),
            "spec.template.container"),
        row(
            "image is required",
            s -> {},
            s -> container(s).setImage(null),
            "spec.template.container.image"),
        row(
            "image with registry port and digest",
            s -> container(s).setImage("localhost:5000/team/hello@sha256:" + "a".repeat(64)),
            s -> container(s).setImage("registry.example/Hello:1.0"),
            "spec.template.container.image"),
        row(
            "image tag grammar",
            s -> container(s).setImage("hello:v1.0_rc-1"),
            s -> container(s).setImage("hello:-bad"),
            "spec.template.container.image"),
        row(
            "image digest grammar",
            s -> container(s).setImage("hello@sha256:" + "0".repeat(32)),
            s -> container(s).setImage("hello@sha256:xyz"),
            "spec.template.container.image"),
        row(
            "port in 1024..65535",
            s -> container(s).setPort(1024),
            s -> container(s).setPort(80),
            "spec.template.container.port"),
        row(
            "port at most 65535",
            s -> container(s).setPort(65535),
            s -> container(s).setPort(65536),
            "spec.template.container.port"),
        row(
            "port not reserved",
            s -> container(s).setPort(9000),
            s -> container(s).setPort(15020),
            "spec.template.container.port"),
        row(
            "activator port reserved",
            s -> container(s).setPort(8013),
            s -> container(s).setPort(8012),
            "spec.template.container.port"),
        row(
            "env name syntax",
            s -> container(s).getEnv().add(new EnvVar("_A1", "x")),
            s -> container(s).getEnv().add(new EnvVar("1A", "x")),
            "spec.template.container.env[1].name"),
        row(
            "env name not reserved",
            s -> container(s).getEnv().add(new EnvVar("PORTS", "x")),
            s -> container(s).getEnv().add(new EnvVar("K_REVISION", "x")),
            "spec.template.container.env[1].name"),
        row(
            "env PORT reserved",
            s -> {},
            s -> container(s).getEnv().add(new EnvVar("PORT", "1")),
            "spec.template.container.env[1].name"),
        row(
            "env names unique",
            s -> container(s).getEnv().add(new EnvVar("HELLO2", "x")),
            s -> container(s).getEnv().add(new EnvVar("HELLO", "x")),
            "spec.template.container.env[1].name"),
        row(
            "env inline values only",
            s -> {},
            s ->
                container(s)
                    .getEnv()
                    .get(0)
                    .setValueFrom(Map.of("secretKeyRef", Map.of("name", "s"))),
            "spec.template.container.env[0].valueFrom"),
        row(
            "env value at most 4096 characters",
            s -> container(s).getEnv().get(0).setValue("v".repeat(4000)),
            s -> container(s).setEnv(new ArrayList<>(List.of(new EnvVar("A", "v".repeat(4097))))),
            "spec.template.container.env[0].value",
            "spec.template.container.env"),
        row(
            "env total at most 4 KiB",
            s ->
                container(s)
                    .setEnv(
                        new ArrayList<>(
                            List.of(
                                new EnvVar("A", "v".repeat(2000)),
                                new EnvVar("B", "v".repeat(2000))))),
            s ->
                container(s)
                    .setEnv(
                        new ArrayList<>(
                            List.of(
                                new EnvVar("A", "v".repeat(2100)),
                                new EnvVar("B", "v".repeat(2100))))),
            "spec.template.container.env"),
        row(
            "timeoutSeconds at least 1",
            s -> s.getSpec().getTemplate().setTimeoutSeconds(1),
            s -> s.getSpec().getTemplate().setTimeoutSeconds(0),
            "spec.template.timeoutSeconds"),
        row(
            "timeoutSeconds at most 600",
            s -> s.getSpec().getTemplate().setTimeoutSeconds(600),
            s -> s.getSpec().getTemplate().setTimeoutSeconds(601),
            "spec.template.timeoutSeconds"),
        row(
            "containerConcurrency at least 0",
            s -> s.getSpec().getTemplate().setContainerConcurrency(0),
            s -> s.getSpec().getTemplate().setContainerConcurrency(-1),
            "spec.template.containerConcurrency"),
        row(
            "containerConcurrency at most 1000",
            s -> s.getSpec().getTemplate().setContainerConcurrency(1000),
            s -> s.getSpec().getTemplate().setContainerConcurrency(1001),
            "spec.template.containerConcurrency"),
        row(
            "probe path starts with /",
            s -> container(s).setReadinessProbe(new Probe(new HttpGetAction("/healthz"))),
            s -> container(s).setReadinessProbe(new Probe(new HttpGetAction("healthz"))),
            "spec.template.container.readinessProbe.httpGet.path"),
        row(
            "autoscaling target at least 1",
            s -> autoscaling(s).setTarget(1),
            s -> autoscaling(s).setTarget(0),
            "spec.autoscaling.target"),
        row(
            "percentile only with latency",
            s -> {
              autoscaling(s).setMetric(ScalingMetric.LATENCY);
              autoscaling(s).setPercentile(Percentile.P99);
            },
            s -> {
              autoscaling(s).setMetric(ScalingMetric.RPS);
              autoscaling(s).setPercentile(Percentile.P99);
            },
            "spec.autoscaling.percentile"),
        row(
            "minScale at least 0",
            s -> autoscaling(s).setMinScale(0),
            s -> autoscaling(s).setMinScale(-1),
            "spec.autoscaling.minScale"),
        row(
            "maxScale at least 1",
            s -> autoscaling(s).setMaxScale(1),
            s -> autoscaling(s).setMaxScale(0),
            "spec.autoscaling.maxScale"),
        row(
            "minScale not above maxScale",
            s -> {
              autoscaling(s).setMinScale(3);
              autoscaling(s).setMaxScale(3);
            },
            s -> {
              autoscaling(s).setMinScale(4);
              autoscaling(s).setMaxScale(3);
            },
            "spec.autoscaling.minScale"),
        row(
            "scaleToZeroDelay is a duration",
            s -> autoscaling(s).setScaleToZeroDelay("1m30s"),
            s -> autoscaling(s).setScaleToZeroDelay("-5s"),
            "spec.autoscaling.scaleToZeroDelay"),
        row(
            "scaleToZeroDelay at most 24h",
            s -> autoscaling(s).setScaleToZeroDelay("24h"),
            s -> autoscaling(s).setScaleToZeroDelay("25h"),
            "spec.autoscaling.scaleToZeroDelay"),
        row(
            "one of revisionName or latestRevision",
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.latest(100))),
            s -> {
              TrafficTarget t = new TrafficTarget();
              t.setPercent(100);
              s.getSpec().setTraffic(traffic(t));
            },
            "spec.traffic[0]"),
        row(
            "not both revisionName and latestRevision",
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.pinned("hello-00001", 100))),
            s -> {
              TrafficTarget t = TrafficTarget.pinned("hello-00001", 100);
              t.setLatestRevision(true);
              s.getSpec().setTraffic(traffic(t));
            },
            "spec.traffic[0]"),
        row(
            "percents sum to 100",
            s ->
                s.getSpec()
                    .setTraffic(
                        traffic(TrafficTarget.latest(90), TrafficTarget.pinned("hello-00001", 10))),
            s ->
                s.getSpec()
                    .setTraffic(
                        traffic(TrafficTarget.latest(90), TrafficTarget.pinned("hello-00001", 5))),
            "spec.traffic"),
        row(
            "percent at most 100",
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.latest(100))),
            s ->
                s.getSpec()
                    .setTraffic(
                        traffic(
                            TrafficTarget.latest(101),
                            TrafficTarget.pinned("hello-00001", 0).withTag("a"))),
            "spec.traffic[0].percent",
            "spec.traffic"),
        row(
            "tags unique",
            s ->
                s.getSpec()
                    .setTraffic(
                        traffic(
                            TrafficTarget.latest(100).withTag("a"),
                            TrafficTarget.pinned("hello-00001", 0).withTag("b"))),
            s ->
                s.getSpec()
                    .setTraffic(
                        traffic(
                            TrafficTarget.latest(100).withTag("a"),
                            TrafficTarget.pinned("hello-00001", 0).withTag("a"))),
            "spec.traffic[1].tag"),
        row(
            "tag syntax",
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.latest(100).withTag("canary-2"))),
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.latest(100).withTag("Canary"))),
            "spec.traffic[0].tag"),
        row(
            "tag host fits a DNS label",
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.latest(100).withTag("a".repeat(48)))),
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.latest(100).withTag("a".repeat(49)))),
            "spec.traffic[0].tag"),
        row(
            "pinned revision belongs to the service",
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.pinned("hello-00002", 100))),
            s -> s.getSpec().setTraffic(traffic(TrafficTarget.pinned("other-00001", 100))),
            "spec.traffic[0].revisionName"));
  }

  @Test
  void theSampleServiceIsValid() {
    assertThat(ServiceValidator.validate(valid(), CONFIG)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: passing case")
  @MethodSource("rules")
  void aServiceThatKeepsTheRuleIsValid(
      String rule, Consumer<Service> passing, Consumer<Service> failing, List<String> fields) {
    Service s = valid();
    passing.accept(s);
    assertThat(ServiceValidator.validate(s, CONFIG)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: failing case")
  @MethodSource("rules")
  void aServiceThatBreaksTheRuleGetsViolationsNamingExactlyTheField(
      String rule, Consumer<Service> passing, Consumer<Service> failing, List<String> fields) {
    Service s = valid();
    failing.accept(s);
    List<Violation> violations = ServiceValidator.validate(s, CONFIG);
    assertThat(violations).extracting(Violation::field).containsExactlyElementsOf(fields);
    assertThat(violations.get(0).message()).isNotBlank();
  }

  @Test
  void everyViolationIsReportedNotJustTheFirst() {
    Service s = valid();
    container(s).setPort(80);
    container(s).setImage("UPPER/case");
    s.getSpec().getTemplate().setTimeoutSeconds(0);
    s.getSpec().setTraffic(traffic(TrafficTarget.latest(50)));
    assertThat(ServiceValidator.validate(s, CONFIG))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "spec.template.container.port",
            "spec.template.container.image",
            "spec.template.timeoutSeconds",
            "spec.traffic");
  }

  @Test
  void aViolationSaysTheBadValueAndWhatIsAllowed() {
    Service s = valid();
    container(s).setPort(9090);
    Violation v = ServiceValidator.validate(s, CONFIG).get(0);
    assertThat(v.value()).isEqualTo("9090");
    assertThat(v.toString())
        .startsWith("spec.template.container.port = 9090: is reserved by the platform")
        .contains("8012");
  }

  @Test
  void pinnedRevisionsMustExistWhenTheRevisionsAreKnown() {
    Service s = valid();
    s.getSpec().setTraffic(traffic(TrafficTarget.pinned("hello-00003", 100)));
    assertThat(ServiceValidator.validate(s, CONFIG, Set.of("hello-00003"))).isEmpty();
    assertThat(ServiceValidator.validate(s, CONFIG, Set.of("hello-00001", "hello-00002")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.traffic[0].revisionName");
              assertThat(v.message()).contains("does not exist").contains("hello-00002");
            });
  }

  @Test
  void reservedPortsComeFromPlatformConfig() {
    Service s = valid();
    container(s).setPort(9000);
    PlatformConfig config = PlatformConfigParser.parse(Map.of("reserved-ports", "9000, 8012"));
    assertThat(ServiceValidator.validate(s, config))
        .extracting(Violation::field)
        .containsExactly("spec.template.container.port");
  }

  @Test
  void describeJoinsEveryViolationIntoOneMessage() {
    List<Violation> vs =
        List.of(new Violation("a", "1", "bad"), new Violation("b", null, "is required"));
    assertThat(ServiceValidator.describe(vs)).isEqualTo("a = 1: bad; b: is required");
  }
}
