package net.evroclabs.run.envoy.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TrafficTarget;
import net.evroclabs.run.envoy.model.UpstreamProtocol;
import net.evroclabs.run.networkpolicy.Cidr;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random valid routing models: splits, zero percents, tags, cold revisions, h2c, limits. */
final class RandomModels {

  private static final String[] TAGS = {"previous", "canary", "blue", "green", "v2"};

  private RandomModels() {}

  static Arbitrary<RoutingModel> models() {
    return Arbitraries.randomValue(RandomModels::model);
  }

  static RoutingModel model(Random random) {
    int count = 1 + random.nextInt(8);
    List<RoutedService> services = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      services.add(service(random, "ns-" + random.nextInt(3), "svc-" + i, "h" + i));
    }
    List<Endpoint> activator = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      activator.add(new Endpoint("10.1.0." + i, 8012));
    }
    GatewaySettings settings =
        GatewaySettings.defaults()
            .withTrustedHops(random.nextInt(3))
            .withWorkloadCidrs(
                random.nextBoolean() ? List.of() : List.of(Cidr.parse("10.244.0.0/16")));
    return new RoutingModel(settings, services, activator, List.of(Fixtures.CERTIFICATE));
  }

  static RoutedService service(Random random, String namespace, String name, String hostLabel) {
    int revisionCount = 1 + random.nextInt(3);
    List<RevisionRoute> revisions = new ArrayList<>();
    for (int r = 1; r <= revisionCount; r++) {
      List<Endpoint> pods = new ArrayList<>();
      for (int p = random.nextInt(4); p > 0; p--) {
        pods.add(new Endpoint("10.0." + r + "." + p, 8080));
      }
      revisions.add(
          new RevisionRoute(
              name + "-0000" + r,
              random.nextBoolean() ? UpstreamProtocol.HTTP1 : UpstreamProtocol.H2C,
              1 + random.nextInt(600),
              random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(50),
              pods));
    }
    List<TrafficTarget> traffic = new ArrayList<>();
    int left = 100;
    for (int t = 0; t < 1 + random.nextInt(4); t++) {
      int percent = random.nextInt(left + 1);
      traffic.add(new TrafficTarget(pick(random, revisions).name(), percent));
      left -= percent;
    }
    if (left > 0 || traffic.stream().allMatch(t -> t.percent() == 0)) {
      traffic.add(new TrafficTarget(pick(random, revisions).name(), left));
    }
    List<TagRoute> tags = new ArrayList<>();
    int tagCount = random.nextInt(3);
    for (int t = 0; t < tagCount; t++) {
      String tag = TAGS[(t + random.nextInt(2)) % TAGS.length];
      if (tags.stream().noneMatch(existing -> existing.tag().equals(tag))) {
        tags.add(
            new TagRoute(
                tag, tag + "-" + hostLabel + ".run.example.net", pick(random, revisions).name()));
      }
    }
    return new RoutedService(
        namespace, name, hostLabel + ".run.example.net", traffic, tags, revisions);
  }

  private static RevisionRoute pick(Random random, List<RevisionRoute> revisions) {
    return revisions.get(random.nextInt(revisions.size()));
  }
}
