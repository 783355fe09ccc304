package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsTranslationTest {

  static Cluster cluster(String name, Struct meta) {
    Cluster.Builder b = Cluster.newBuilder().setName(name);
    if (meta != null) {
      b.setMetadata(
          Metadata.newBuilder().putFilterMetadata(XdsTranslation.METADATA_KEY, meta).build());
    }
    return b.build();
  }

  static Struct meta(double timeout, double concurrency, String protocol) {
    return Struct.newBuilder()
        .putFields("timeoutSeconds", Value.newBuilder().setNumberValue(timeout).build())
        .putFields("containerConcurrency", Value.newBuilder().setNumberValue(concurrency).build())
        .putFields("protocol", Value.newBuilder().setStringValue(protocol).build())
        .build();
  }

  static LbEndpoint endpoint(String ip, int port, HealthStatus health) {
    return LbEndpoint.newBuilder()
        .setHealthStatus(health)
        .setEndpoint(
            io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                .setAddress(
                    Address.newBuilder()
                        .setSocketAddress(
                            SocketAddress.newBuilder().setAddress(ip).setPortValue(port))))
        .build();
  }

  @Test
  void clusterMetadataBecomesRevisionSettings() {
    var result =
        XdsTranslation.clusters(
            List.of(Any.pack(cluster("team-a/hello-00001", meta(30, 1, "h2c")))));
    assertThat(result.errors()).isEmpty();
    assertThat(result.resources())
        .containsEntry(
            new RevisionKey("team-a", "hello-00001"),
            new RevisionSettings(30, 1, RevisionSettings.Protocol.H2C));
  }

  @Test
  void clusterWithoutMetadataGetsDefaultSettings() {
    var result = XdsTranslation.clusters(List.of(Any.pack(cluster("team-a/hello-00001", null))));
    assertThat(result.resources().values()).containsExactly(RevisionSettings.defaults());
  }

  @Test
  void badClusterIsReportedByNameAndDoesNotSpoilTheOthers() {
    var result =
        XdsTranslation.clusters(
            List.of(
                Any.pack(cluster("team-a/bad-00001", meta(0, 0, "http1"))),
                Any.pack(cluster("not-a-revision", null)),
                Any.pack(cluster("team-a/good-00001", meta(10, 0, "http1")))));
    assertThat(result.resources()).containsOnlyKeys(new RevisionKey("team-a", "good-00001"));
    assertThat(result.errors())
        .containsExactly(
            "cluster team-a/bad-00001: timeoutSeconds = 0, must be 1..600",
            "revision key = 'not-a-revision', must be <namespace>/<revision>");
  }

  @Test
  void onlyHealthyAndUnknownEndpointsAreReady() {
    ClusterLoadAssignment cla =
        ClusterLoadAssignment.newBuilder()
            .setClusterName("team-a/hello-00001")
            .addEndpoints(
                LocalityLbEndpoints.newBuilder()
                    .addLbEndpoints(endpoint("10.0.0.1", 8080, HealthStatus.HEALTHY))
                    .addLbEndpoints(endpoint("10.0.0.2", 8080, HealthStatus.DRAINING))
                    .addLbEndpoints(endpoint("10.0.0.3", 8080, HealthStatus.UNHEALTHY))
                    .addLbEndpoints(endpoint("10.0.0.4", 8080, HealthStatus.UNKNOWN)))
            .build();
    var result = XdsTranslation.endpoints(List.of(Any.pack(cla)));
    assertThat(result.resources().get(new RevisionKey("team-a", "hello-00001")))
        .containsExactly(new Endpoint("10.0.0.1", 8080), new Endpoint("10.0.0.4", 8080));
  }

  @Test
  void emptyLoadAssignmentMeansNoReadyPod() {
    var result =
        XdsTranslation.endpoints(
            List.of(
                Any.pack(
                    ClusterLoadAssignment.newBuilder()
                        .setClusterName("team-a/hello-00001")
                        .build())));
    assertThat(result.resources().get(new RevisionKey("team-a", "hello-00001"))).isEmpty();
  }

  @Test
  void resourceOfTheWrongTypeIsAnError() {
    var result = XdsTranslation.endpoints(List.of(Any.pack(cluster("team-a/x-1", null))));
    assertThat(result.errors()).singleElement().asString().contains("resource type");
  }
}
