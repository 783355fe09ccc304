package net.evroclabs.run.bench.envoy;

import java.util.ArrayList;
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

/** Models of the benchmark: services x 2 revisions x 3 pods, split 90/10 with a tag. */
final class BenchModels {

  static final String DOMAIN = "run.example.net";

  private BenchModels() {}

  static RoutingModel model(int services) {
    List<RoutedService> list = new ArrayList<>(services);
    for (int i = 0; i < services; i++) {
      list.add(service(i, 90));
    }
    return new RoutingModel(
        GatewaySettings.defaults(),
        list,
        List.of(new Endpoint("10.1.0.5", 8012), new Endpoint("10.1.0.6", 8012)),
        List.of(new TlsCertificate("run-wildcard-tls", "CHAIN", "KEY")));
  }

  /** Service {@code i}; {@code latestPercent} of its traffic goes to the newer revision. */
  static RoutedService service(int i, int latestPercent) {
    String name = "svc-" + i;
    String host = "svc-" + Integer.toString(i, 36) + "x." + DOMAIN;
    List<RevisionRoute> revisions = new ArrayList<>(2);
    for (int r = 1; r <= 2; r++) {
      List<Endpoint> pods = new ArrayList<>(3);
      for (int p = 1; p <= 3; p++) {
        pods.add(
            new Endpoint("10." + (i / 250) % 250 + "." + (i % 250) + "." + (r * 10 + p), 8080));
      }
      revisions.add(
          new RevisionRoute(
              name + "-0000" + r,
              i % 10 == 0 ? UpstreamProtocol.H2C : UpstreamProtocol.HTTP1,
              300,
              i % 3 == 0 ? 0 : 8,
              pods));
    }
    return new RoutedService(
        "ns-" + (i % 100),
        name,
        host,
        List.of(
            new TrafficTarget(name + "-00002", latestPercent),
            new TrafficTarget(name + "-00001", 100 - latestPercent)),
        List.of(new TagRoute("previous", "previous-" + host, name + "-00001")),
        revisions);
  }
}
