package net.evroclabs.run.xds.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.evroclabs.run.controller.RouteState;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.GatewayRouteAcknowledgements;
import net.evroclabs.run.xds.cache.StreamState;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;
import org.junit.jupiter.api.Test;

class GatewayRouteAcknowledgementsTest {

  private final Versions versions = new Versions("t");
  private final XdsStreams streams = new XdsStreams();
  private final RouteRecords records = new RouteRecords(streams, versions);
  private final GatewayRouteAcknowledgements acks = new GatewayRouteAcknowledgements(records);

  @Test
  void theControllerSeesEachStateAndIsToldWhenItMayHaveChanged() {
    AtomicInteger calls = new AtomicInteger();
    acks.addListener(calls::incrementAndGet);
    records.update(
        Map.of(
            "team-a/hello",
            new RouteRecord(
                1,
                Map.of(XdsType.CLUSTERS, 2L, XdsType.LISTENERS, 2L, XdsType.ROUTES, 2L),
                List.of("routes/team-a/hello"),
                null)),
        Set.of());
    StreamState gw = new StreamState(1, "gw-1", NodeGroup.GATEWAY, false, Instant.EPOCH);
    streams.open(gw);

    assertThat(acks.state("team-a", "hello", 1).kind()).isEqualTo(RouteState.Kind.PENDING);

    for (XdsType t : List.of(XdsType.CLUSTERS, XdsType.LISTENERS, XdsType.ROUTES)) {
      gw.sent(t, "1", versions.of(2), 0);
      gw.received(t, "1", null, Instant.EPOCH, 1);
    }

    assertThat(acks.state("team-a", "hello", 1).kind()).isEqualTo(RouteState.Kind.ACKNOWLEDGED);

    records.rejected(gw, XdsType.ROUTES, versions.of(3), "routes/team-a/hello: bad regex");

    assertThat(acks.state("team-a", "hello", 1))
        .isEqualTo(RouteState.rejected("routes/team-a/hello: bad regex"));
    assertThat(calls.get()).isEqualTo(2);
  }
}
