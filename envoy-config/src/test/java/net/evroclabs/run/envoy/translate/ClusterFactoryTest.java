package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.UpstreamProtocol;
import org.junit.jupiter.api.Test;

class ClusterFactoryTest {

  private final ClusterFactory factory = new ClusterFactory(GatewaySettings.defaults());
  private final List<Endpoint> pods = List.of(Endpoint.parse("10.0.0.7:8080"));

  @Test
  void http1RevisionWithoutConcurrencyLimitIsALeastRequestEdsClusterWithItsSettingsAsMetadata() {
    Cluster actual =
        factory.cluster(
            "team-a",
            new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 300, 0, pods),
            false);

    assertThat(actual)
        .isEqualTo(
            ProtoYaml.parse(
                """
                name: team-a/hello-00001
                type: EDS
                eds_cluster_config:
                  eds_config: {ads: {}, resource_api_version: V3}
                connect_timeout: 2s
                lb_policy: LEAST_REQUEST
                typed_extension_protocol_options:
                  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                    "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                    explicit_http_config: {http_protocol_options: {}}
                circuit_breakers:
                  thresholds:
                  - {priority: DEFAULT, max_connections: 100000, max_pending_requests: 100000, max_requests: 100000}
                outlier_detection:
                  consecutive_gateway_failure: 5
                  enforcing_consecutive_gateway_failure: 100
                  enforcing_consecutive_5xx: 0
                  interval: 5s
                  base_ejection_time: 30s
                  max_ejection_percent: 50
                metadata:
                  filter_metadata:
                    run.evroclabs.net: {timeoutSeconds: 300, containerConcurrency: 0, protocol: http1}
                """,
                Cluster.newBuilder()));
  }

  @Test
  void h2cRevisionWithConcurrencyLimitUsesOneConnectionPerPodWithThatManyStreams() {
    Cluster actual =
        factory.cluster(
            "team-b", new RevisionRoute("grpc-00003", UpstreamProtocol.H2C, 30, 10, pods), false);

    assertThat(actual)
        .isEqualTo(
            ProtoYaml.parse(
                """
                name: team-b/grpc-00003
                type: EDS
                eds_cluster_config:
                  eds_config: {ads: {}, resource_api_version: V3}
                connect_timeout: 2s
                lb_policy: LEAST_REQUEST
                typed_extension_protocol_options:
                  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                    "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                    explicit_http_config: {http2_protocol_options: {max_concurrent_streams: 10}}
                circuit_breakers:
                  thresholds:
                  - {priority: DEFAULT, max_connections: 100000, max_pending_requests: 100000, max_requests: 100000}
                  per_host_thresholds:
                  - {priority: DEFAULT, max_connections: 1}
                outlier_detection:
                  consecutive_gateway_failure: 5
                  enforcing_consecutive_gateway_failure: 100
                  enforcing_consecutive_5xx: 0
                  interval: 5s
                  base_ejection_time: 30s
                  max_ejection_percent: 50
                metadata:
                  filter_metadata:
                    run.evroclabs.net: {timeoutSeconds: 30, containerConcurrency: 10, protocol: h2c}
                """,
                Cluster.newBuilder()));
  }

  @Test
  void http1ContainerConcurrencyLimitsConnectionsPerPod() {
    Cluster actual =
        factory.cluster(
            "team-a",
            new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 300, 4, pods),
            false);

    assertThat(actual.getCircuitBreakers().getPerHostThresholdsList())
        .containsExactly(
            ProtoYaml.parse(
                "{priority: DEFAULT, max_connections: 4}",
                CircuitBreakers.Thresholds.newBuilder()));
  }

  @Test
  void revisionServedByTheActivatorHasNoPerPodLimitBecauseTheActivatorEnforcesIt() {
    Cluster warm =
        factory.cluster(
            "team-a",
            new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 300, 4, pods),
            false);
    Cluster cold =
        factory.cluster(
            "team-a",
            new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 300, 4, List.of()),
            true);

    assertThat(cold.getCircuitBreakers().getPerHostThresholdsList()).isEmpty();
    assertThat(cold.toBuilder().clearCircuitBreakers().build())
        .isEqualTo(warm.toBuilder().clearCircuitBreakers().build());
    assertThat(cold.getMetadata()).isEqualTo(warm.getMetadata());
  }
}
