package net.evroclabs.run.xds.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class XdsCacheTest {

  private final Versions versions = new Versions("t");
  private final XdsCache cache = new XdsCache();
  private final StreamState stream =
      new StreamState(1, "gw-1", NodeGroup.GATEWAY, false, Instant.EPOCH);
  private final List<Response> responses = new ArrayList<>();
  private GroupSnapshot gateway = GroupSnapshot.empty(NodeGroup.GATEWAY, versions);
  private long sequence;

  @AfterEach
  void unbind() {
    XdsStreams.bind(null);
  }

  private void publish(String... clusterNames) {
    Map<String, Integer> noWeights = new java.util.LinkedHashMap<>();
    for (String n : clusterNames) {
      noWeights.put(n, null);
    }
    publishWeights(noWeights);
  }

  /**
   * Publishes one cluster per name whose endpoints carry {@code weights.get(name)}, or no endpoints
   * when that is null.
   */
  private void publishWeights(Map<String, Integer> weights) {
    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> endpoints = new ArrayList<>();
    weights.forEach(
        (n, w) -> {
          clusters.add(Cluster.newBuilder().setName(n).build());
          ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(n);
          if (w != null) {
            cla.addEndpoints(
                io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints.newBuilder()
                    .setLoadBalancingWeight(
                        com.google.protobuf.UInt32Value.newBuilder().setValue(w)));
          }
          endpoints.add(cla.build());
        });
    gateway =
        gateway.next(
            new GroupResources(clusters, endpoints, List.of(), List.of(), List.of()),
            ++sequence,
            versions);
    cache.publish(Map.of(NodeGroup.GATEWAY, gateway));
  }

  private List<String> sentNames() {
    return responses.getLast().resources().stream()
        .map(m -> ((ClusterLoadAssignment) m).getClusterName())
        .toList();
  }

  private void request(XdsType type, String version, String nonce, String error, String... names) {
    DiscoveryRequest.Builder r =
        DiscoveryRequest.newBuilder()
            .setTypeUrl(type.typeUrl())
            .setVersionInfo(version)
            .setResponseNonce(nonce)
            .addAllResourceNames(List.of(names));
    if (error != null) {
      r.setErrorDetail(Status.newBuilder().setCode(3).setMessage(error));
    }
    XdsStreams.bind(stream);
    cache.createWatch(
        true, XdsRequest.create(r.build()), Set.of(names), responses::add, false, false);
  }

  /** What the gRPC layer does when it sends the last response. */
  private String sendLast(XdsType type) {
    String nonce = Integer.toString(responses.size());
    stream.sent(type, nonce, responses.getLast().version(), 0);
    return nonce;
  }

  @Test
  void aBuildReachesTheActivatorsBeforeTheGateways() {
    List<NodeGroup> answered = new ArrayList<>();
    for (NodeGroup g : List.of(NodeGroup.PROXYLESS, NodeGroup.GATEWAY, NodeGroup.ACTIVATOR)) {
      XdsStreams.bind(new StreamState(g.ordinal() + 10, g + "-1", g, false, Instant.EPOCH));
      cache.createWatch(
          true,
          XdsRequest.create(
              DiscoveryRequest.newBuilder().setTypeUrl(XdsType.CLUSTERS.typeUrl()).build()),
          Set.of(),
          r -> answered.add(g),
          false,
          false);
    }
    Map<NodeGroup, GroupSnapshot> build = new java.util.HashMap<>();
    for (NodeGroup g : NodeGroup.values()) {
      build.put(
          g,
          GroupSnapshot.empty(g, versions)
              .next(
                  new GroupResources(
                      List.of(Cluster.newBuilder().setName("c").build()),
                      List.of(),
                      List.of(),
                      List.of(),
                      List.of()),
                  1,
                  versions));
    }

    cache.publish(build);

    assertThat(XdsCache.PUBLISH_ORDER).containsExactlyInAnyOrder(NodeGroup.values());
    assertThat(answered).startsWith(NodeGroup.ACTIVATOR, NodeGroup.GATEWAY);
  }

  @Test
  void nothingIsServedBeforeTheFirstPublish() {
    request(XdsType.CLUSTERS, "", "", null);

    assertThat(responses).isEmpty();
    assertThat(cache.serving()).isFalse();

    publish("a");

    assertThat(responses).hasSize(1);
    assertThat(responses.getFirst().resources()).hasSize(1);
  }

  @Test
  void aRejectedVersionIsNotSentAgainButTheNextChangeIs() {
    publish("a");
    request(XdsType.CLUSTERS, "", "", null);
    String nonce = sendLast(XdsType.CLUSTERS);
    stream.received(XdsType.CLUSTERS, nonce, "bad cluster a", Instant.EPOCH, 0);

    request(XdsType.CLUSTERS, "", nonce, "bad cluster a");
    publish("a");

    assertThat(responses).hasSize(1);

    publish("a", "b");

    assertThat(responses).hasSize(2);
    assertThat(responses.getLast().version()).isEqualTo(versions.of(3));
  }

  @Test
  void anAcknowledgedVersionWaitsForTheNextChange() {
    publish("a");
    request(XdsType.CLUSTERS, "", "", null);
    String nonce = sendLast(XdsType.CLUSTERS);
    stream.received(XdsType.CLUSTERS, nonce, null, Instant.EPOCH, 5);

    request(XdsType.CLUSTERS, responses.getLast().version(), nonce, null);

    assertThat(responses).hasSize(1);
    assertThat(stream.ackedVersion(XdsType.CLUSTERS)).isEqualTo(versions.of(1));
    assertThat(cache.openWatches()).isEqualTo(1);
  }

  @Test
  void aNamedWatchGetsOnlyWhatItLacksAndNothingWhenItsResourcesDidNotChange() {
    publish("a", "b");
    request(XdsType.ENDPOINTS, "", "", null, "a");

    assertThat(responses).hasSize(1);
    assertThat(responses.getFirst().resources()).hasSize(1);

    request(XdsType.ENDPOINTS, versions.of(1), "0", null, "a", "b");

    assertThat(responses).hasSize(2);
    assertThat(responses.getLast().resources())
        .extracting(m -> ((ClusterLoadAssignment) m).getClusterName())
        .containsExactly("b");

    request(XdsType.ENDPOINTS, versions.of(1), "1", null, "a", "b");
    publish("a", "b", "c");

    assertThat(responses).hasSize(2);
  }

  @Test
  void aNamedWatchIsSentOnlyTheResourcesChangedSinceWhatItHolds() {
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1, "c", 1)));
    request(XdsType.ENDPOINTS, "", "", null, "a", "b", "c");
    String nonce = sendLast(XdsType.ENDPOINTS);
    stream.received(XdsType.ENDPOINTS, nonce, null, Instant.EPOCH, 0);
    request(XdsType.ENDPOINTS, versions.of(1), nonce, null, "a", "b", "c");

    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 2, "c", 1)));

    assertThat(responses).hasSize(2);
    assertThat(sentNames()).containsExactly("b");

    nonce = sendLast(XdsType.ENDPOINTS);
    request(XdsType.ENDPOINTS, versions.of(2), nonce, null, "a", "b", "c");
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 2, "c", 3)));
    publishWeights(new java.util.TreeMap<>(Map.of("a", 4, "b", 2, "c", 3)));

    assertThat(responses).hasSize(3);
    assertThat(sentNames()).containsExactly("c");
  }

  @Test
  void aNamedWatchThatMissedSeveralChangesGetsTheirUnion() {
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1, "c", 1)));
    request(XdsType.ENDPOINTS, "", "", null, "a", "b", "c");
    String nonce = sendLast(XdsType.ENDPOINTS);
    publishWeights(new java.util.TreeMap<>(Map.of("a", 2, "b", 1, "c", 1)));
    publishWeights(new java.util.TreeMap<>(Map.of("a", 2, "b", 1, "c", 2)));

    request(XdsType.ENDPOINTS, versions.of(1), nonce, null, "a", "b", "c");

    assertThat(responses).hasSize(2);
    assertThat(sentNames()).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void aNamedWatchAfterARejectionIsSentEverythingItRequestsOnTheNextChange() {
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1)));
    request(XdsType.ENDPOINTS, "", "", null, "a", "b");
    String nonce = sendLast(XdsType.ENDPOINTS);
    stream.received(XdsType.ENDPOINTS, nonce, "bad endpoints", Instant.EPOCH, 0);
    request(XdsType.ENDPOINTS, "", nonce, "bad endpoints", "a", "b");

    assertThat(responses).hasSize(1);

    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 2)));

    assertThat(responses).hasSize(2);
    assertThat(sentNames()).containsExactly("a", "b");
  }

  @Test
  void aNamedFullStateWatchGetsEveryRequestedResourceWhenOneOfThemIsRemoved() {
    publish("a", "b");
    request(XdsType.CLUSTERS, "", "", null, "a", "b");
    request(XdsType.CLUSTERS, versions.of(1), "0", null, "a", "b");
    publish("a", "b", "c");

    assertThat(responses).hasSize(1);

    publish("a");

    assertThat(responses).hasSize(2);
    assertThat(responses.getLast().resources()).hasSize(1);
  }

  @Test
  void aDeltaWatchGetsOnlyChangedAndRemovedResources() {
    publish("a", "b");
    List<DeltaResponse> deltas = new ArrayList<>();
    XdsStreams.bind(stream);
    cache.createDeltaWatch(
        DeltaXdsRequest.create(
            DeltaDiscoveryRequest.newBuilder().setTypeUrl(XdsType.CLUSTERS.typeUrl()).build()),
        "",
        Map.of("a", versions.of(1), "b", versions.of(1), "gone", versions.of(1)),
        Set.of(),
        true,
        deltas::add,
        false);

    assertThat(deltas).hasSize(1);
    assertThat(deltas.getFirst().resources()).isEmpty();
    assertThat(deltas.getFirst().removedResources()).containsExactly("gone");

    cache.createDeltaWatch(
        DeltaXdsRequest.create(
            DeltaDiscoveryRequest.newBuilder().setTypeUrl(XdsType.CLUSTERS.typeUrl()).build()),
        "",
        Map.of("a", versions.of(1), "b", versions.of(1)),
        Set.of(),
        true,
        deltas::add,
        false);
    publish("a", "b", "c");

    assertThat(deltas).hasSize(2);
    assertThat(deltas.getLast().resources()).containsOnlyKeys("c");
  }

  @Test
  void aNewDeltaStreamIsToldWhichOfTheResourcesItHoldsWentWhileItHadNoStream() {
    publish("a", "b");
    List<DeltaResponse> deltas = new ArrayList<>();
    XdsStreams.bind(stream);
    cache.createDeltaWatch(
        DeltaXdsRequest.create(
            DeltaDiscoveryRequest.newBuilder()
                .setTypeUrl(XdsType.CLUSTERS.typeUrl())
                .putInitialResourceVersions("a", "old-1")
                .putInitialResourceVersions("gone", "old-1")
                .build()),
        "",
        Map.of(),
        Set.of(),
        true,
        deltas::add,
        false);

    assertThat(deltas).hasSize(1);
    assertThat(deltas.getFirst().resources()).containsOnlyKeys("a", "b");
    assertThat(deltas.getFirst().removedResources()).containsExactly("gone");
  }

  private void deltaRequest(
      XdsType type,
      String nonce,
      String error,
      List<String> subscribe,
      Map<String, String> tracked,
      List<DeltaResponse> out) {
    DeltaDiscoveryRequest.Builder r =
        DeltaDiscoveryRequest.newBuilder()
            .setTypeUrl(type.typeUrl())
            .setResponseNonce(nonce)
            .addAllResourceNamesSubscribe(subscribe);
    if (error != null) {
      r.setErrorDetail(Status.newBuilder().setCode(3).setMessage(error));
    }
    XdsStreams.bind(stream);
    cache.createDeltaWatch(
        DeltaXdsRequest.create(r.build()),
        "",
        tracked,
        nonce.isEmpty() ? Set.copyOf(subscribe) : Set.of(),
        false,
        out::add,
        false);
  }

  @Test
  void anAcknowledgedDeltaStreamIsSentOnlyWhatChangedSinceItsLastResponse() {
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1, "c", 1)));
    List<DeltaResponse> deltas = new ArrayList<>();
    deltaRequest(XdsType.ENDPOINTS, "", null, List.of("a", "b"), Map.of(), deltas);

    assertThat(deltas).hasSize(1);
    assertThat(deltas.getLast().resources()).containsOnlyKeys("a", "b");

    stream.sent(XdsType.ENDPOINTS, "n1", deltas.getLast().version(), 0);
    stream.received(XdsType.ENDPOINTS, "n1", null, Instant.EPOCH, 0);
    // A plain acknowledgement: the tracked versions handed over are not even looked at.
    deltaRequest(XdsType.ENDPOINTS, "n1", null, List.of(), Map.of("stale", "x"), deltas);
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 2, "c", 2)));

    assertThat(deltas).hasSize(2);
    assertThat(deltas.getLast().resources()).containsOnlyKeys("b");
    assertThat(deltas.getLast().removedResources()).isEmpty();

    stream.sent(XdsType.ENDPOINTS, "n2", deltas.getLast().version(), 0);
    stream.received(XdsType.ENDPOINTS, "n2", null, Instant.EPOCH, 0);
    deltaRequest(XdsType.ENDPOINTS, "n2", null, List.of(), Map.of(), deltas);
    publishWeights(new java.util.TreeMap<>(Map.of("b", 2, "c", 3)));

    assertThat(deltas).hasSize(3);
    assertThat(deltas.getLast().resources()).isEmpty();
    assertThat(deltas.getLast().removedResources()).containsExactly("a");
  }

  @Test
  void aRejectedDeltaResponseMakesTheNextChangeCompareWithWhatTheClientTracks() {
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1)));
    List<DeltaResponse> deltas = new ArrayList<>();
    deltaRequest(XdsType.ENDPOINTS, "", null, List.of("a", "b"), Map.of(), deltas);
    stream.sent(XdsType.ENDPOINTS, "n1", deltas.getLast().version(), 0);
    stream.received(XdsType.ENDPOINTS, "n1", "bad", Instant.EPOCH, 0);

    assertThat(stream.deltaHeld(XdsType.ENDPOINTS)).isNull();

    // The client kept nothing it was sent: the next change sends both again.
    deltaRequest(XdsType.ENDPOINTS, "n1", "bad", List.of(), Map.of("a", "old", "b", "old"), deltas);
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 2)));

    assertThat(deltas).hasSize(2);
    assertThat(deltas.getLast().resources()).containsOnlyKeys("a", "b");
  }

  @Test
  void afterAClusterChangeOnlyTheWarmingClustersEndpointsAreSentAgain() {
    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1)));
    request(XdsType.CLUSTERS, "", "", null);
    request(XdsType.ENDPOINTS, "", "", null, "a", "b");
    assertThat(responses).hasSize(2);
    request(XdsType.CLUSTERS, versions.of(1), "0", null);

    publishWeights(new java.util.TreeMap<>(Map.of("a", 1, "b", 1, "c", 1)));
    // The EDS request that follows a CDS response, as java-control-plane flags it.
    XdsStreams.bind(stream);
    cache.createWatch(
        true,
        XdsRequest.create(
            DiscoveryRequest.newBuilder()
                .setTypeUrl(XdsType.ENDPOINTS.typeUrl())
                .setVersionInfo(versions.of(1))
                .setResponseNonce("1")
                .addAllResourceNames(List.of("a", "b", "c"))
                .build()),
        Set.of("a", "b", "c"),
        responses::add,
        true,
        false);

    assertThat(responses).hasSize(4);
    assertThat(responses.get(2).resources()).hasSize(3);
    assertThat(sentNames()).containsExactly("c");
  }
}
