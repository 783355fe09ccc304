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
    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> endpoints = new ArrayList<>();
    for (String n : clusterNames) {
      clusters.add(Cluster.newBuilder().setName(n).build());
      endpoints.add(ClusterLoadAssignment.newBuilder().setClusterName(n).build());
    }
    gateway =
        gateway.next(
            new GroupResources(clusters, endpoints, List.of(), List.of(), List.of()),
            ++sequence,
            versions);
    cache.publish(Map.of(NodeGroup.GATEWAY, gateway));
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
}
