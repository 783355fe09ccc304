package net.evroclabs.run.activator.ingress;

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

/** Routing models for the ingress tests, translated by the real envoy-config translator. */
public final class RoutingModels {

  public static final String HOST = "svc-k3x9q2m7ab.run.localhost";
  public static final String TAG_HOST = "previous-" + HOST;
  public static final String OTHER_HOST = "svc-b2c3d4e5f6.run.localhost";

  private RoutingModels() {}

  /** team-a/hello: 80 % hello-00002, 20 % hello-00001 tagged {@code previous}. */
  public static RoutedService hello(List<Endpoint> pods1, List<Endpoint> pods2) {
    return new RoutedService(
        "team-a",
        "hello",
        HOST,
        List.of(new TrafficTarget("hello-00002", 80), new TrafficTarget("hello-00001", 20)),
        List.of(new TagRoute("previous", TAG_HOST, "hello-00001")),
        List.of(
            new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 300, 0, pods1),
            new RevisionRoute("hello-00002", UpstreamProtocol.HTTP1, 60, 0, pods2)));
  }

  /** team-b/other: one revision on another host. */
  public static RoutedService other() {
    return new RoutedService(
        "team-b",
        "other",
        OTHER_HOST,
        List.of(new TrafficTarget("other-00001", 100)),
        List.of(),
        List.of(
            new RevisionRoute(
                "other-00001",
                UpstreamProtocol.HTTP1,
                300,
                0,
                List.of(new Endpoint("10.0.0.9", 8080)))));
  }

  public static RoutingModel model(RoutedService... services) {
    return new RoutingModel(
        GatewaySettings.defaults(),
        List.of(services),
        List.of(new Endpoint("10.1.0.5", 8012)),
        List.of(
            new TlsCertificate(
                "run-wildcard-tls", "-----BEGIN CERTIFICATE-----\n", "-----BEGIN KEY-----\n")));
  }
}
