package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Any;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private static final OutlierDetection GATEWAY_ERRORS =
      OutlierDetection.newBuilder()
          .setConsecutiveGatewayFailure(UInt32Value.of(5))
          .setEnforcingConsecutiveGatewayFailure(UInt32Value.of(100))
          .setEnforcingConsecutive5Xx(UInt32Value.of(0))
          .setInterval(Protos.seconds(5))
          .setBaseEjectionTime(Protos.seconds(30))
          .setMaxEjectionPercent(UInt32Value.of(50))
          .build();

  private static final CircuitBreakers CLUSTER_LIMITS_ONLY =
      CircuitBreakers.newBuilder()
          .addThresholds(
              CircuitBreakers.Thresholds.newBuilder()
                  .setPriority(RoutingPriority.DEFAULT)
                  .setMaxConnections(UInt32Value.of(CLUSTER_LIMIT))
                  .setMaxPendingRequests(UInt32Value.of(CLUSTER_LIMIT))
                  .setMaxRequests(UInt32Value.of(CLUSTER_LIMIT)))
          .build();

  private static final Cluster.EdsClusterConfig EDS_OVER_ADS =
      Cluster.EdsClusterConfig.newBuilder().setEdsConfig(Protos.ads()).build();

  private final com.google.protobuf.Duration connectTimeout;

  /** Few distinct protocol options exist (protocol x stream limit); each is packed once. */
  private final Map<Integer, Any> packedProtocolOptions = new ConcurrentHashMap<>();

  /** Revisions share few distinct (timeout, concurrency, protocol) settings. */
  private final Map<List<Object>, Metadata> metadata = new ConcurrentHashMap<>();

  ClusterFactory(GatewaySettings settings) {
    this.connectTimeout = Protos.duration(settings.connectTimeout());
  }

  /**
   * @param activatorBacked whether the revision has no ready pods, so the activator's endpoints
   *     stand in and the activator itself enforces {@code containerConcurrency}
   */
  Cluster cluster(String namespace, RevisionRoute revision, boolean activatorBacked) {
    return Cluster.newBuilder()
        .setName(Names.cluster(namespace, revision.name()))
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(EDS_OVER_ADS)
        .setConnectTimeout(connectTimeout)
        .setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
        .putTypedExtensionProtocolOptions(
            HTTP_PROTOCOL_OPTIONS, packedProtocolOptions(revision, activatorBacked))
        .setCircuitBreakers(circuitBreakers(revision, activatorBacked))
        .setOutlierDetection(GATEWAY_ERRORS)
        .setMetadata(
            metadata.computeIfAbsent(
                List.of(
                    revision.timeoutSeconds(),
                    revision.containerConcurrency(),
                    revision.protocol()),
                k -> metadata(revision)))
        .build();
  }

  /** Keyed by -1 for HTTP/1.1 and by the stream limit (0 = none) for h2c. */
  private Any packedProtocolOptions(RevisionRoute revision, boolean activatorBacked) {
    int key =
        revision.protocol() == UpstreamProtocol.H2C
            ? (activatorBacked ? 0 : revision.containerConcurrency())
            : -1;
    return packedProtocolOptions.computeIfAbsent(key, k -> Protos.any(protocolOptions(k)));
  }

  private static HttpProtocolOptions protocolOptions(int key) {
    HttpProtocolOptions.ExplicitHttpConfig.Builder explicit =
        HttpProtocolOptions.ExplicitHttpConfig.newBuilder();
    if (key >= 0) {
      Http2ProtocolOptions.Builder h2 = Http2ProtocolOptions.newBuilder();
      if (key > 0) {
        h2.setMaxConcurrentStreams(UInt32Value.of(key));
      }
      explicit.setHttp2ProtocolOptions(h2);
    } else {
      explicit.setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance());
    }
    return HttpProtocolOptions.newBuilder().setExplicitHttpConfig(explicit).build();
  }

  private static CircuitBreakers circuitBreakers(RevisionRoute revision, boolean activatorBacked) {
    if (revision.containerConcurrency() == 0 || activatorBacked) {
      return CLUSTER_LIMITS_ONLY;
    }
    // HTTP/1.1 carries one request per connection, so connections per pod bound in-flight
    // requests per pod; h2c multiplexes one connection with a stream limit instead.
    int perHost = revision.protocol() == UpstreamProtocol.H2C ? 1 : revision.containerConcurrency();
    return CLUSTER_LIMITS_ONLY.toBuilder()
        .addPerHostThresholds(
            CircuitBreakers.Thresholds.newBuilder()
                .setPriority(RoutingPriority.DEFAULT)
                .setMaxConnections(UInt32Value.of(perHost)))
        .build();
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
