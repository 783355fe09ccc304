package net.evroclabs.run.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.Fixtures.Share;
import net.evroclabs.run.xds.cache.XdsType;
import net.evroclabs.run.xds.pipeline.RouteRecords;
import net.evroclabs.run.xds.server.XdsServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A raw ADS client of our own, behaving like Envoy in the gateway group, against the whole process
 * fed by fabric8's API-server emulator.
 */
class GatewayAdsIT {

  private static final String NS = "team-a";
  private static final List<String> GATEWAY_TYPES =
      List.of(
          Resources.V3.CLUSTER_TYPE_URL,
          Resources.V3.ENDPOINT_TYPE_URL,
          Resources.V3.LISTENER_TYPE_URL,
          Resources.V3.ROUTE_TYPE_URL);

  private Emulator emulator;
  private XdsServerProcess process;
  private AdsClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    emulator = new Emulator();
    emulator.revision(NS, "hello", "hello-00001", Fixtures.spec(8080, Protocol.HTTP1, 30));
    emulator.revision(NS, "other", "other-00001", Fixtures.spec(8080, Protocol.HTTP1, 30));
    emulator.put(Fixtures.pod(NS, "hello-00001", "hello-00001-a", "10.1.0.1", true));
    emulator.put(Fixtures.pod(NS, "other-00001", "other-00001-a", "10.1.0.2", true));
    emulator.put(Fixtures.service(NS, "hello", 1, Share.of("hello-00001", 100)));
    emulator.put(Fixtures.service(NS, "other", 1, Share.of("other-00001", 100)));
    process = startProcess(0);
  }

  private XdsServerProcess startProcess(int port) {
    return XdsServerProcess.start(
        new XdsServerConfig(
            XdsServerSettings.defaults().withListenAddress("127.0.0.1", port),
            "127.0.0.1",
            0,
            Duration.ofMillis(5),
            "run-system",
            "run-config",
            "app.kubernetes.io/name=activator",
            8012),
        emulator.client(),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    process.close();
    emulator.close();
  }

  private static Set<String> clusterNames(AdsClient c) {
    return c.accepted(Resources.V3.CLUSTER_TYPE_URL).getResourcesList().stream()
        .map(
            a -> {
              try {
                return a.unpack(Cluster.class).getName();
              } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
            })
        .collect(Collectors.toSet());
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.adminPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aRejectedVersionIsNotResentAndTheRejectedServiceNoLongerHoldsBackTheOthers()
      throws Exception {
    client =
        new AdsClient(
            process.xdsPort(),
            "gw-1",
            "gateway",
            GATEWAY_TYPES,
            r ->
                r.getTypeUrl().equals(Resources.V3.CLUSTER_TYPE_URL)
                    && r.getResourcesList().stream()
                        .anyMatch(a -> a.getValue().toStringUtf8().contains("third-00001")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.accepted(Resources.V3.CLUSTER_TYPE_URL) != null);
    client.rejectWith("cluster team-a/third-00001: connect_timeout out of range");

    emulator.revision(NS, "third", "third-00001", Fixtures.spec(8080, Protocol.HTTP1, 30));
    emulator.put(Fixtures.service(NS, "third", 1, Share.of("third-00001", 100)));

    // The rejected version is not sent again; the service it added is withdrawn (served as before
    // its rejected generation: not at all), which the gateway accepts.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.received(Resources.V3.CLUSTER_TYPE_URL).size() == 3);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> client.received(Resources.V3.CLUSTER_TYPE_URL).size() == 3);
    assertThat(client.received(Resources.V3.CLUSTER_TYPE_URL).get(2).accepted()).isTrue();
    assertThat(clusterNames(client))
        .containsExactlyInAnyOrder("team-a/hello-00001", "team-a/other-00001");
    assertThat(process.metrics().nackCount(XdsType.CLUSTERS, NodeGroup.GATEWAY)).isEqualTo(1);
    assertThat(process.routes().state(NS, "third", 1))
        .isEqualTo(
            new RouteRecords.State(
                RouteRecords.Kind.REJECTED,
                "rejected version "
                    + client.received(Resources.V3.CLUSTER_TYPE_URL).get(1).version()
                    + ": cluster team-a/third-00001: connect_timeout out of range"));
    assertThat(process.routes().state(NS, "hello", 1).kind())
        .isEqualTo(RouteRecords.Kind.ACKNOWLEDGED);
    assertThat(get("/debug/xds")).contains("connect_timeout out of range").contains("\"gw-1\"");
    assertThat(get("/metrics")).contains("run_xds_nacks_total{group=\"gateway\",type=\"cds\"} 1.0");

    emulator.revision(NS, "fourth", "fourth-00001", Fixtures.spec(8080, Protocol.HTTP1, 30));
    emulator.put(Fixtures.service(NS, "fourth", 1, Share.of("fourth-00001", 100)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(clusterNames(client))
                    .containsExactlyInAnyOrder(
                        "team-a/hello-00001", "team-a/other-00001", "team-a/fourth-00001"));
    assertThat(process.routes().state(NS, "third", 1).kind()).isEqualTo(RouteRecords.Kind.REJECTED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> process.routes().state(NS, "fourth", 1).kind() == RouteRecords.Kind.ACKNOWLEDGED);
  }

  @Test
  void anUnknownNodeGroupGetsAClearError() {
    client = new AdsClient(process.xdsPort(), "mystery-1", "mesh", GATEWAY_TYPES, r -> false);

    await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
    StatusRuntimeException e = (StatusRuntimeException) client.errors().getFirst();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("node.cluster = 'mesh', must be gateway, activator or proxyless");
    assertThat(client.received(Resources.V3.CLUSTER_TYPE_URL)).isEmpty();
  }

  @Test
  void aClientKeepsItsConfigWhileTheServerRestartsAndReconnects() throws Exception {
    client = new AdsClient(process.xdsPort(), "gw-1", "gateway", GATEWAY_TYPES, r -> false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.accepted(Resources.V3.ROUTE_TYPE_URL) != null);
    int port = process.xdsPort();
    int responsesBefore = client.received(Resources.V3.CLUSTER_TYPE_URL).size();

    process.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
    assertThat(clusterNames(client))
        .containsExactlyInAnyOrder("team-a/hello-00001", "team-a/other-00001");

    process = startProcess(port);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.received(Resources.V3.CLUSTER_TYPE_URL).size() > responsesBefore);
    AdsClient.Received first = client.received(Resources.V3.CLUSTER_TYPE_URL).get(responsesBefore);
    assertThat(first.resources()).hasSize(2);
    assertThat(clusterNames(client))
        .containsExactlyInAnyOrder("team-a/hello-00001", "team-a/other-00001");
    assertThat(client.connections()).isGreaterThan(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> process.routes().state(NS, "hello", 1).kind() == RouteRecords.Kind.ACKNOWLEDGED);
  }

  @Test
  void aDeltaStreamGetsWhatItSubscribesToAndNothingAfterUnsubscribing() {
    client = new AdsClient(process.xdsPort(), "gw-d", "gateway", List.of(), r -> false);
    List<DeltaDiscoveryResponse> responses = new CopyOnWriteArrayList<>();
    StreamObserver<DeltaDiscoveryRequest> stream = client.delta(responses);
    stream.onNext(
        DeltaDiscoveryRequest.newBuilder()
            .setNode(client.node())
            .setTypeUrl(Resources.V3.ENDPOINT_TYPE_URL)
            .addResourceNamesSubscribe("team-a/hello-00001")
            .build());

    await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 1);
    assertThat(responses.getFirst().getResourcesList().stream().map(Resource::getName))
        .containsExactly("team-a/hello-00001");
    stream.onNext(
        DeltaDiscoveryRequest.newBuilder()
            .setTypeUrl(Resources.V3.ENDPOINT_TYPE_URL)
            .setResponseNonce(responses.getFirst().getNonce())
            .addResourceNamesSubscribe("team-a/other-00001")
            .addResourceNamesUnsubscribe("team-a/hello-00001")
            .build());

    await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 2);
    assertThat(responses.get(1).getResourcesList().stream().map(Resource::getName))
        .containsExactly("team-a/other-00001");
    stream.onNext(
        DeltaDiscoveryRequest.newBuilder()
            .setTypeUrl(Resources.V3.ENDPOINT_TYPE_URL)
            .setResponseNonce(responses.get(1).getNonce())
            .build());

    emulator.put(Fixtures.pod(NS, "hello-00001", "hello-00001-b", "10.1.0.3", true));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> responses.size() == 2);

    emulator.put(Fixtures.pod(NS, "other-00001", "other-00001-b", "10.1.0.4", true));
    await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 3);
    assertThat(responses.get(2).getResourcesList().stream().map(Resource::getName))
        .containsExactly("team-a/other-00001");
    stream.onCompleted();
  }

  @Test
  void aDeltaStreamOpenedAgainIsToldWhatWentWhileItHadNone() {
    client = new AdsClient(process.xdsPort(), "gw-r", "gateway", List.of(), r -> false);
    List<DeltaDiscoveryResponse> first = new CopyOnWriteArrayList<>();
    StreamObserver<DeltaDiscoveryRequest> stream = client.delta(first);
    stream.onNext(
        DeltaDiscoveryRequest.newBuilder()
            .setNode(client.node())
            .setTypeUrl(Resources.V3.CLUSTER_TYPE_URL)
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 1);
    java.util.Map<String, String> held =
        first.getFirst().getResourcesList().stream()
            .collect(Collectors.toMap(Resource::getName, Resource::getVersion));
    assertThat(held).containsKeys("team-a/hello-00001", "team-a/other-00001");
    stream.onCompleted();

    // While the gateway has no stream, the other service and its revision go.
    emulator
        .client()
        .resources(net.evroclabs.run.api.Service.class)
        .inNamespace(NS)
        .withName("other")
        .delete();
    emulator
        .client()
        .resources(net.evroclabs.run.api.Revision.class)
        .inNamespace(NS)
        .withName("other-00001")
        .delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get("/metrics").contains("run_xds_resources{group=\"gateway\",type=\"cds\"} 1.0"));

    List<DeltaDiscoveryResponse> again = new CopyOnWriteArrayList<>();
    StreamObserver<DeltaDiscoveryRequest> reopened = client.delta(again);
    reopened.onNext(
        DeltaDiscoveryRequest.newBuilder()
            .setNode(client.node())
            .setTypeUrl(Resources.V3.CLUSTER_TYPE_URL)
            .putAllInitialResourceVersions(held)
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> again.size() == 1);
    assertThat(again.getFirst().getRemovedResourcesList()).containsExactly("team-a/other-00001");
    assertThat(again.getFirst().getResourcesList().stream().map(Resource::getName))
        .containsExactly("team-a/hello-00001");
    reopened.onCompleted();
  }

  @Test
  void theAdminPortReportsReadinessAndMetrics() throws Exception {
    client = new AdsClient(process.xdsPort(), "gw-1", "gateway", GATEWAY_TYPES, r -> false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.accepted(Resources.V3.ROUTE_TYPE_URL) != null);

    assertThat(get("/healthz")).isEqualTo("ok\n");
    assertThat(get("/readyz")).isEqualTo("ready\n");
    String metrics = get("/metrics");
    assertThat(metrics)
        .contains("run_xds_connected_streams{group=\"gateway\"} 1.0")
        .contains("run_xds_resources{group=\"gateway\",type=\"cds\"} 2.0")
        .contains("run_xds_push_to_ack_seconds_count{group=\"gateway\",type=\"cds\"}")
        .contains("run_xds_snapshot_build_seconds_count");
  }
}
