package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.UpstreamProtocol;

/**
 * The EDS cluster of one revision: least-request balancing, the revision's protocol, its
 * concurrency limit while its own pods serve it, outlier detection for gateway errors, and its
 * settings as metadata for the activator.
 */
final class ClusterFactory {

  static final String HTTP_PROTOCOL_OPTIONS =
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  /** Cluster-wide limits high enough never to be the bottleneck of one busy service. */
  private static final int CLUSTER_LIMIT = 100_000;

  private final GatewaySettings settings;

  ClusterFactory(GatewaySettings settings) {
    this.settings = settings;
  }

  /**
   * @param activatorBacked whether the revision has no ready pods, so the activator's endpoints
   *     stand in and the activator itself enforces {@code containerConcurrency}
   */
  Cluster cluster(String namespace, RevisionRoute revision, boolean activatorBacked) {
    return Cluster.newBuilder()
        .setName(Names.cluster(namespace, revision.name()))
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(Protos.ads()))
        .setConnectTimeout(Protos.duration(settings.connectTimeout()))
        .setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
        .putTypedExtensionProtocolOptions(
            HTTP_PROTOCOL_OPTIONS, Protos.any(protocolOptions(revision, activatorBacked)))
        .setCircuitBreakers(circuitBreakers(revision, activatorBacked))
        .setOutlierDetection(
            OutlierDetection.newBuilder()
                .setConsecutiveGatewayFailure(UInt32Value.of(5))
                .setEnforcingConsecutiveGatewayFailure(UInt32Value.of(100))
                .setEnforcingConsecutive5Xx(UInt32Value.of(0))
                .setInterval(Protos.seconds(5))
                .setBaseEjectionTime(Protos.seconds(30))
                .setMaxEjectionPercent(UInt32Value.of(50)))
        .setMetadata(metadata(revision))
        .build();
  }

  private static HttpProtocolOptions protocolOptions(
      RevisionRoute revision, boolean activatorBacked) {
    HttpProtocolOptions.ExplicitHttpConfig.Builder explicit =
        HttpProtocolOptions.ExplicitHttpConfig.newBuilder();
    if (revision.protocol() == UpstreamProtocol.H2C) {
      Http2ProtocolOptions.Builder h2 = Http2ProtocolOptions.newBuilder();
      if (revision.containerConcurrency() > 0 && !activatorBacked) {
        h2.setMaxConcurrentStreams(UInt32Value.of(revision.containerConcurrency()));
      }
      explicit.setHttp2ProtocolOptions(h2);
    } else {
      explicit.setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance());
    }
    return HttpProtocolOptions.newBuilder().setExplicitHttpConfig(explicit).build();
  }

  private static CircuitBreakers circuitBreakers(RevisionRoute revision, boolean activatorBacked) {
    CircuitBreakers.Builder b =
        CircuitBreakers.newBuilder()
            .addThresholds(
                CircuitBreakers.Thresholds.newBuilder()
                    .setPriority(RoutingPriority.DEFAULT)
                    .setMaxConnections(UInt32Value.of(CLUSTER_LIMIT))
                    .setMaxPendingRequests(UInt32Value.of(CLUSTER_LIMIT))
                    .setMaxRequests(UInt32Value.of(CLUSTER_LIMIT)));
    if (revision.containerConcurrency() > 0 && !activatorBacked) {
      // HTTP/1.1 carries one request per connection, so connections per pod bound in-flight
      // requests per pod; h2c multiplexes one connection with a stream limit instead.
      int perHost =
          revision.protocol() == UpstreamProtocol.H2C ? 1 : revision.containerConcurrency();
      b.addPerHostThresholds(
          CircuitBreakers.Thresholds.newBuilder()
              .setPriority(RoutingPriority.DEFAULT)
              .setMaxConnections(UInt32Value.of(perHost)));
    }
    return b.build();
  }

  private static Metadata metadata(RevisionRoute revision) {
    Struct settings =
        Struct.newBuilder()
            .putFields("timeoutSeconds", number(revision.timeoutSeconds()))
            .putFields("containerConcurrency", number(revision.containerConcurrency()))
            .putFields(
                "protocol",
                Value.newBuilder().setStringValue(revision.protocol().wireName()).build())
            .build();
    return Metadata.newBuilder().putFilterMetadata(Names.METADATA_NAMESPACE, settings).build();
  }

  private static Value number(int n) {
    return Value.newBuilder().setNumberValue(n).build();
  }
}
