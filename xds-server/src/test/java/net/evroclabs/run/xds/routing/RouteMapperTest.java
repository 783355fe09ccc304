package net.evroclabs.run.xds.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TrafficTarget;
import net.evroclabs.run.envoy.model.UpstreamProtocol;
import net.evroclabs.run.xds.Fixtures;
import net.evroclabs.run.xds.Fixtures.Share;
import org.junit.jupiter.api.Test;

class RouteMapperTest {

  private final PlatformConfig config = PlatformConfig.defaults();
  private final Map<String, RevisionSpec> specs =
      Map.of(
          "hello-00001", Fixtures.spec(9000, Protocol.HTTP1, 30),
          "hello-00002", Fixtures.spec(9001, Protocol.H2C, 60));

  @Test
  void statusTrafficBecomesTheSplitWithTagsPortsAndTimeouts() {
    RouteResult r =
        RouteMapper.map(
            Fixtures.service(
                "team-a",
                "hello",
                3,
                Share.of("hello-00002", 90),
                Share.tagged("hello-00001", 10, "previous")),
            config,
            specs::get,
            rev -> rev.equals("hello-00002") ? List.of("10.0.0.1", "10.0.0.2") : List.of());

    String iid = Naming.iid("uid-team-a-hello");
    RoutedService s = ((RouteResult.Routable) r).service();
    assertThat(s.host()).isEqualTo("svc-" + iid + ".run.localhost");
    assertThat(s.traffic())
        .containsExactly(
            new TrafficTarget("hello-00002", 90), new TrafficTarget("hello-00001", 10));
    assertThat(s.tags())
        .containsExactly(
            new TagRoute("previous", "previous-svc-" + iid + ".run.localhost", "hello-00001"));
    assertThat(s.revision("hello-00002").endpoints())
        .containsExactly(new Endpoint("10.0.0.1", 9001), new Endpoint("10.0.0.2", 9001));
    assertThat(s.revision("hello-00002").protocol()).isEqualTo(UpstreamProtocol.H2C);
    assertThat(s.revision("hello-00001").timeoutSeconds()).isEqualTo(30);
    assertThat(s.revision("hello-00001").endpoints()).isEmpty();
  }

  @Test
  void aServiceWithoutStatusTrafficWaits() {
    RouteResult r =
        RouteMapper.map(
            Fixtures.service("team-a", "hello", 1), config, specs::get, rev -> List.of());

    assertThat(r).isInstanceOf(RouteResult.Waiting.class);
  }

  @Test
  void aRevisionNotSeenYetWaits() {
    RouteResult r =
        RouteMapper.map(
            Fixtures.service("team-a", "hello", 1, Share.of("hello-00009", 100)),
            config,
            specs::get,
            rev -> List.of());

    assertThat(((RouteResult.Waiting) r).reason()).contains("team-a/hello-00009");
  }

  @Test
  void percentsThatDoNotSumTo100AreInvalidAndNamed() {
    RouteResult r =
        RouteMapper.map(
            Fixtures.service("team-a", "hello", 1, Share.of("hello-00001", 50)),
            config,
            specs::get,
            rev -> List.of());

    assertThat(((RouteResult.Invalid) r).message()).contains("sum to 50");
  }

  @Test
  void aTerminatingOrUnreadyPodHasNoAddress() {
    var ready = Fixtures.pod("team-a", "hello-00001", "p1", "10.0.0.1", true);
    var unready = Fixtures.pod("team-a", "hello-00001", "p2", "10.0.0.2", false);
    var terminating = Fixtures.pod("team-a", "hello-00001", "p3", "10.0.0.3", true);
    terminating.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

    assertThat(PodReadiness.readyAddress(ready)).isEqualTo("10.0.0.1");
    assertThat(PodReadiness.readyAddress(unready)).isNull();
    assertThat(PodReadiness.readyAddress(terminating)).isNull();
  }

  @Test
  void anAddressWithItsOwnPortKeepsItAndAPlainOneGetsTheRevisionsPort() {
    assertThat(RouteMapper.endpoint("[127.0.0.1]:41234", 8080))
        .isEqualTo(new Endpoint("127.0.0.1", 41234));
    assertThat(RouteMapper.endpoint("10.0.0.7", 8080)).isEqualTo(new Endpoint("10.0.0.7", 8080));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RouteMapper.endpoint("[127.0.0.1", 8080))
        .hasMessageContaining("[address]:port");
  }
}
