package net.evroclabs.run.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.Fixtures.Share;
import net.evroclabs.run.xds.cache.XdsType;
import net.evroclabs.run.xds.server.XdsServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * grpc-java's xDS client, a real and independent consumer (node cluster {@code proxyless}), calls
 * revisions served by gRPC backends on loopback, routed from Services and pods in fabric8's
 * API-server emulator through the whole process: informers, pipeline, envoy-config, ADS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxylessXdsIT {

  private static final String NS = "team-a";

  private static Emulator emulator;
  private static XdsServerProcess process;
  private static NameBackend first;
  private static NameBackend second;
  private static String host;

  @BeforeAll
  static void start() {
    emulator = new Emulator();
    first = new NameBackend("hello-00001");
    second = new NameBackend("hello-00002");
    emulator.revision(NS, "hello", "hello-00001", Fixtures.spec(first.port(), Protocol.H2C, 7));
    emulator.revision(NS, "hello", "hello-00002", Fixtures.spec(second.port(), Protocol.H2C, 9));
    emulator.put(Fixtures.pod(NS, "hello-00001", "hello-00001-a", "127.0.0.1", true));
    emulator.put(Fixtures.pod(NS, "hello-00002", "hello-00002-a", "127.0.0.1", true));
    emulator.put(Fixtures.activatorPod("activator-0", "127.0.0.9"));
    String uid =
        emulator
            .put(
                Fixtures.service(
                    NS,
                    "hello",
                    1,
                    Share.of("hello-00001", 90),
                    Share.tagged("hello-00002", 10, "next")))
            .getMetadata()
            .getUid();
    host = Naming.serviceHost(PlatformConfig.defaults(), Naming.iid(uid));
    XdsServerConfig config =
        new XdsServerConfig(
            XdsServerSettings.defaults().withListenAddress("127.0.0.1", 0),
            "127.0.0.1",
            0,
            Duration.ofMillis(5),
            "run-system",
            "run-config",
            "app.kubernetes.io/name=activator",
            8012);
    process = XdsServerProcess.start(config, emulator.client(), Clock.systemUTC());
    System.setProperty(
        "io.grpc.xds.bootstrapConfig",
        """
        {"xds_servers": [{"server_uri": "127.0.0.1:%d", "channel_creds": [{"type": "insecure"}],
                          "server_features": ["xds_v3"]}],
         "node": {"id": "proxyless-it", "cluster": "proxyless"}}
        """
            .formatted(process.xdsPort()));
  }

  @AfterAll
  static void stop() {
    process.close();
    first.close();
    second.close();
    emulator.close();
  }

  private static Map<String, Integer> call(String target, int calls) {
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget("xds:///" + target).usePlaintext().build();
    try {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < calls; i++) {
        String who =
            ClientCalls.blockingUnaryCall(
                channel,
                NameBackend.NAME,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                "who");
        counts.merge(who, 1, Integer::sum);
      }
      return counts;
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  @Order(1)
  void aNinetyTenSplitHoldsOverAThousandCalls() {
    // The first call waits for the xDS client to fetch listener, clusters and endpoints.
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> !call(host, 1).isEmpty());

    Map<String, Integer> counts = call(host, 1000);

    // 100 expected on the 10 % side; 4.2 standard deviations (sd = 9.5) either way.
    assertThat(counts.getOrDefault("hello-00002", 0)).isBetween(60, 140);
    assertThat(counts.get("hello-00001") + counts.getOrDefault("hello-00002", 0)).isEqualTo(1000);
  }

  @Test
  @Order(2)
  void aTagHostReachesItsRevisionOnly() {
    Map<String, Integer> counts = call("next-" + host, 50);

    assertThat(counts).containsOnlyKeys("hello-00002").containsEntry("hello-00002", 50);
  }

  @Test
  @Order(3)
  void theRouteTimeoutIsTheRevisionsTimeout() {
    Listener api =
        (Listener)
            process
                .cache()
                .snapshot(NodeGroup.PROXYLESS)
                .orElseThrow()
                .type(XdsType.LISTENERS)
                .byName()
                .get(host);
    RouteConfiguration routes;
    try {
      routes =
          api.getApiListener()
              .getApiListener()
              .unpack(HttpConnectionManager.class)
              .getRouteConfig();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    RouteConfiguration gateway =
        (RouteConfiguration)
            process
                .cache()
                .snapshot(NodeGroup.GATEWAY)
                .orElseThrow()
                .type(XdsType.ROUTES)
                .byName()
                .get("routes/team-a/hello");

    // The split's longest revision timeout (9 s) bounds the main host's route.
    assertThat(routes.getVirtualHosts(0).getRoutes(0).getRoute().getTimeout().getSeconds())
        .isEqualTo(9);
    assertThat(gateway.getVirtualHosts(0).getRoutes(0).getRoute().getTimeout().getSeconds())
        .isEqualTo(9);
  }

  @Test
  @Order(4)
  void aTrafficChangeMovesTheCalls() {
    emulator.put(
        Fixtures.service(
            NS, "hello", 2, Share.of("hello-00001", 0), Share.tagged("hello-00002", 100, "next")));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(call(host, 50)).containsOnlyKeys("hello-00002"));
  }

  @Test
  @Order(5)
  void aRevisionAtZeroSendsGatewaysToTheActivatorWhileTheActivatorSeesItsPods() {
    emulator.put(Fixtures.pod(NS, "hello-00001", "hello-00001-a", "127.0.0.1", false));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(addresses(NodeGroup.GATEWAY, "team-a/hello-00001"))
                  .containsExactly("127.0.0.9:8012");
              assertThat(addresses(NodeGroup.ACTIVATOR, "team-a/hello-00001")).isEmpty();
            });
    assertThat(addresses(NodeGroup.GATEWAY, "team-a/hello-00002"))
        .containsExactly("127.0.0.1:" + second.port());

    emulator.put(Fixtures.pod(NS, "hello-00001", "hello-00001-a", "127.0.0.1", true));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(addresses(NodeGroup.GATEWAY, "team-a/hello-00001"))
                  .containsExactly("127.0.0.1:" + first.port());
              assertThat(addresses(NodeGroup.ACTIVATOR, "team-a/hello-00001"))
                  .containsExactly("127.0.0.1:" + first.port());
            });
  }

  private static List<String> addresses(NodeGroup group, String cluster) {
    ClusterLoadAssignment cla =
        (ClusterLoadAssignment)
            process
                .cache()
                .snapshot(group)
                .orElseThrow()
                .type(XdsType.ENDPOINTS)
                .byName()
                .get(cluster);
    return cla.getEndpointsList().stream()
        .flatMap(l -> l.getLbEndpointsList().stream())
        .map(
            e ->
                e.getEndpoint().getAddress().getSocketAddress().getAddress()
                    + ":"
                    + e.getEndpoint().getAddress().getSocketAddress().getPortValue())
        .toList();
  }
}
