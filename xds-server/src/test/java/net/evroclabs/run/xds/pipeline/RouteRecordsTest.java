package net.evroclabs.run.xds.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.StreamState;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;
import org.junit.jupiter.api.Test;

class RouteRecordsTest {

  private final Versions versions = new Versions("t");
  private final XdsStreams streams = new XdsStreams();
  private final RouteRecords routes = new RouteRecords(streams, versions);

  private static final Map<XdsType, Long> AT_3 =
      Map.of(XdsType.CLUSTERS, 3L, XdsType.LISTENERS, 2L, XdsType.ROUTES, 3L);

  private StreamState gateway(String id, long acked) {
    StreamState s =
        new StreamState(streams.all().size() + 1, id, NodeGroup.GATEWAY, false, Instant.EPOCH);
    streams.open(s);
    for (XdsType t : List.of(XdsType.CLUSTERS, XdsType.LISTENERS, XdsType.ROUTES)) {
      s.sent(t, "n" + t, versions.of(acked), 0);
      s.received(t, "n" + t, null, Instant.EPOCH, 0);
    }
    return s;
  }

  private void translated(String key, long generation) {
    routes.update(
        Map.of(
            key, new RouteRecord(generation, AT_3, List.of("routes/" + key, key + "-00002"), null)),
        Set.of());
  }

  @Test
  void routesArePendingWhileNoGatewayIsConnected() {
    translated("team-a/hello", 4);

    assertThat(routes.state("team-a", "hello", 4).kind()).isEqualTo(RouteRecords.Kind.PENDING);
    assertThat(routes.state("team-a", "hello", 4).message()).contains("no gateway");
  }

  @Test
  void routesAreAcknowledgedOnlyOnceEveryGatewayHasAckedAVersionThatContainsThem() {
    translated("team-a/hello", 4);
    gateway("gw-1", 3);
    StreamState slow = gateway("gw-2", 2);

    assertThat(routes.state("team-a", "hello", 4).kind()).isEqualTo(RouteRecords.Kind.PENDING);
    assertThat(routes.state("team-a", "hello", 4).message()).contains("gw-2");

    streams.close(slow.id());

    assertThat(routes.state("team-a", "hello", 4).kind()).isEqualTo(RouteRecords.Kind.ACKNOWLEDGED);
  }

  @Test
  void aLaterGenerationThanTranslatedIsPending() {
    translated("team-a/hello", 4);
    gateway("gw-1", 9);

    assertThat(routes.state("team-a", "hello", 5).kind()).isEqualTo(RouteRecords.Kind.PENDING);
  }

  @Test
  void aNackNamingTheServicesClusterRejectsItsRoutesWithEnvoysDetail() {
    translated("team-a/hello", 4);
    translated("team-a/other", 4);
    StreamState gw = gateway("gw-1", 2);
    List<String> told = new java.util.ArrayList<>();
    routes.onRejected((key, generation) -> told.add(key + "@" + generation));

    routes.rejected(
        gw, XdsType.CLUSTERS, versions.of(3), "cluster team-a/hello-00002: bad timeout");

    assertThat(told).containsExactly("team-a/hello@4");

    assertThat(routes.state("team-a", "hello", 4))
        .isEqualTo(
            new RouteRecords.State(
                RouteRecords.Kind.REJECTED, "cluster team-a/hello-00002: bad timeout"));
    assertThat(routes.state("team-a", "other", 4).kind()).isEqualTo(RouteRecords.Kind.PENDING);
  }

  @Test
  void aTranslationFailureRejectsTheNewGenerationAndANewerGoodOneClearsIt() {
    translated("team-a/hello", 4);
    routes.update(
        Map.of("team-a/hello", new RouteRecord(5, Map.of(), List.of(), "percents sum to 120")),
        Set.of());

    assertThat(routes.state("team-a", "hello", 5).kind()).isEqualTo(RouteRecords.Kind.REJECTED);

    translated("team-a/hello", 6);
    gateway("gw-1", 3);

    assertThat(routes.state("team-a", "hello", 6).kind()).isEqualTo(RouteRecords.Kind.ACKNOWLEDGED);
  }
}
