package net.evroclabs.run.envoy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

  private static final String HOST = "svc-k3x9q2m7ab.run.example.net";

  private static RevisionRoute revision(String name) {
    return new RevisionRoute(name, UpstreamProtocol.HTTP1, 300, 0, List.of());
  }

  private static RoutedService service(List<TrafficTarget> traffic, List<TagRoute> tags) {
    return new RoutedService(
        "team-a",
        "hello",
        HOST,
        traffic,
        tags,
        List.of(revision("hello-00001"), revision("hello-00002")));
  }

  @Test
  void percentsThatDoNotSumTo100AreRejectedNamingTheService() {
    assertThatThrownBy(
            () ->
                service(
                    List.of(
                        new TrafficTarget("hello-00001", 50), new TrafficTarget("hello-00002", 40)),
                    List.of()))
        .hasMessage("traffic of service team-a/hello percents sum to 90, must sum to 100");
  }

  @Test
  void trafficToAnUnknownRevisionIsRejectedNamingTheRevision() {
    assertThatThrownBy(() -> service(List.of(new TrafficTarget("hello-00009", 100)), List.of()))
        .hasMessageStartingWith(
            "traffic of service team-a/hello names revision 'hello-00009', which is not in its"
                + " revisions");
  }

  @Test
  void aTagUsedTwiceIsRejected() {
    assertThatThrownBy(
            () ->
                service(
                    List.of(new TrafficTarget("hello-00001", 100)),
                    List.of(
                        new TagRoute("previous", "previous-" + HOST, "hello-00001"),
                        new TagRoute("previous", "other-" + HOST, "hello-00002"))))
        .hasMessage("tags of service team-a/hello use tag 'previous' twice");
  }

  @Test
  void twoServicesWithTheSameHostAreRejectedNamingBoth() {
    RoutedService a = service(List.of(new TrafficTarget("hello-00001", 100)), List.of());
    RoutedService b =
        new RoutedService("team-b", "other", HOST, a.traffic(), List.of(), a.revisions());

    assertThatThrownBy(
            () -> new RoutingModel(GatewaySettings.defaults(), List.of(a, b), List.of(), List.of()))
        .hasMessage(
            "host = 'svc-k3x9q2m7ab.run.example.net' of service team-b/other, is already used by"
                + " team-a/hello");
  }

  @Test
  void badFieldValuesAreNamedInTheError() {
    assertThatThrownBy(
            () -> new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 0, 0, List.of()))
        .hasMessage("timeoutSeconds of revision hello-00001 = 0, must be between 1 and 600");
    assertThatThrownBy(() -> new RevisionRoute("Hello_1", UpstreamProtocol.HTTP1, 1, 0, List.of()))
        .hasMessageStartingWith("revision name = 'Hello_1', must be a lower-case DNS label");
    assertThatThrownBy(() -> Endpoint.parse("pod.example:8080"))
        .hasMessage("endpoint address = 'pod.example', must be an IPv4 or IPv6 address");
    assertThatThrownBy(() -> Endpoint.parse("10.0.0.1:0"))
        .hasMessage("endpoint port = 0, must be between 1 and 65535");
    assertThatThrownBy(() -> UpstreamProtocol.parse("protocol", "http3"))
        .hasMessage("protocol = 'http3', must be http1 or h2c");
    assertThatThrownBy(
            () ->
                new GatewaySettings(
                    8443,
                    8443,
                    "tls",
                    0,
                    List.of(),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    60,
                    Duration.ofDays(1)))
        .hasMessage("httpPort = 8443, must differ from httpsPort = 8443");
  }

  @Test
  void endpointsParseAndPrintIpv4AndIpv6() {
    assertThat(Endpoint.parse("[fd00::7]:8080")).isEqualTo(new Endpoint("fd00::7", 8080));
    assertThat(new Endpoint("fd00::7", 8080)).hasToString("[fd00::7]:8080");
    assertThat(Endpoint.parse("10.0.0.7:8080")).hasToString("10.0.0.7:8080");
  }

  @Test
  void aCertificateNeverPrintsItsPrivateKey() {
    assertThat(new TlsCertificate("tls", "CHAIN", "SECRET-KEY").toString())
        .doesNotContain("SECRET");
  }
}
