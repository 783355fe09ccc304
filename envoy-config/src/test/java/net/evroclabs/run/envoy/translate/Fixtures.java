package net.evroclabs.run.envoy.translate;

import java.util.List;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TlsCertificate;
import net.evroclabs.run.envoy.model.TrafficTarget;
import net.evroclabs.run.envoy.model.UpstreamProtocol;

/** Models used by several tests. */
final class Fixtures {

  static final String HOST = "svc-k3x9q2m7ab.run.example.net";
  static final List<Endpoint> ACTIVATOR =
      List.of(new Endpoint("10.1.0.5", 8012), new Endpoint("10.1.0.6", 8012));
  static final TlsCertificate CERTIFICATE =
      new TlsCertificate(
          "run-wildcard-tls", "-----BEGIN CERTIFICATE-----\n", "-----BEGIN KEY-----\n");

  private Fixtures() {}

  static RevisionRoute revision(String name, String... pods) {
    return new RevisionRoute(
        name,
        UpstreamProtocol.HTTP1,
        300,
        0,
        java.util.Arrays.stream(pods).map(Endpoint::parse).toList());
  }

  /** team-a/hello: one revision with two ready pods, all traffic on it. */
  static RoutedService hello() {
    return new RoutedService(
        "team-a",
        "hello",
        HOST,
        List.of(new TrafficTarget("hello-00001", 100)),
        List.of(),
        List.of(revision("hello-00001", "10.0.0.7:8080", "10.0.0.8:8080")));
  }

  /** team-a/hello after a rollout: 90/10 with the old revision tagged {@code previous}. */
  static RoutedService helloSplit() {
    return new RoutedService(
        "team-a",
        "hello",
        HOST,
        List.of(new TrafficTarget("hello-00002", 90), new TrafficTarget("hello-00001", 10)),
        List.of(new TagRoute("previous", "previous-" + HOST, "hello-00001")),
        List.of(
            revision("hello-00001", "10.0.0.7:8080"),
            new RevisionRoute(
                "hello-00002",
                UpstreamProtocol.HTTP1,
                60,
                0,
                List.of(Endpoint.parse("10.0.0.9:8080")))));
  }

  /** team-b/other: like hello, on another host. */
  static RoutedService helloOther() {
    RoutedService hello = hello();
    return new RoutedService(
        "team-b",
        "other",
        "svc-b2c3d4e5f6.run.example.net",
        hello.traffic(),
        List.of(),
        hello.revisions());
  }

  static RoutingModel model(RoutedService... services) {
    return new RoutingModel(
        GatewaySettings.defaults(), List.of(services), ACTIVATOR, List.of(CERTIFICATE));
  }
}
