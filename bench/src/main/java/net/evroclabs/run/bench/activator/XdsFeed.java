package net.evroclabs.run.bench.activator;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The xDS side of the benchmark: a java-control-plane ADS server for node group activator. */
final class XdsFeed implements AutoCloseable {

  private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getCluster());
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, ClusterLoadAssignment> endpoints = new LinkedHashMap<>();
  private final Server server;
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private int version;
  private int clustersVersion;
  private int endpointsVersion;

  XdsFeed() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new V3DiscoveryServer(new AckTracker(), cache).getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  /**
   * True once the activator has acknowledged the current version of both clusters and endpoints, so
   * that the next update finds it waiting for news rather than still digesting the last one.
   */
  synchronized boolean settled() {
    return Integer.toString(clustersVersion).equals(acked.get(Resources.V3.CLUSTER_TYPE_URL))
        && Integer.toString(endpointsVersion).equals(acked.get(Resources.V3.ENDPOINT_TYPE_URL));
  }

  /**
   * Publishes revision {@code name} ({@code ns/rev}) with its pods on loopback ports and returns
   * {@link System#nanoTime()} taken just before the snapshot is handed to the cache.
   *
   * <p>Like xds-server, each resource type has its own version, bumped only when that type's
   * content changes: a change of endpoints alone is one EDS response, not also a CDS response with
   * every cluster.
   */
  synchronized long publish(String name, int containerConcurrency, List<Integer> podPorts) {
    Struct meta =
        Struct.newBuilder()
            .putFields("timeoutSeconds", Value.newBuilder().setNumberValue(300).build())
            .putFields(
                "containerConcurrency",
                Value.newBuilder().setNumberValue(containerConcurrency).build())
            .putFields("protocol", Value.newBuilder().setStringValue("http1").build())
            .build();
    Cluster cluster =
        Cluster.newBuilder()
            .setName(name)
            .setType(Cluster.DiscoveryType.EDS)
            .setEdsClusterConfig(
                Cluster.EdsClusterConfig.newBuilder()
                    .setEdsConfig(
                        ConfigSource.newBuilder()
                            .setAds(AggregatedConfigSource.getDefaultInstance())))
            .setMetadata(Metadata.newBuilder().putFilterMetadata("run.evroclabs.net", meta))
            .build();
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (int port : podPorts) {
      locality.addLbEndpoints(
          LbEndpoint.newBuilder()
              .setHealthStatus(HealthStatus.HEALTHY)
              .setEndpoint(
                  Endpoint.newBuilder()
                      .setAddress(
                          Address.newBuilder()
                              .setSocketAddress(
                                  SocketAddress.newBuilder()
                                      .setAddress("127.0.0.1")
                                      .setPortValue(port)))));
    }
    ClusterLoadAssignment assignment =
        ClusterLoadAssignment.newBuilder().setClusterName(name).addEndpoints(locality).build();
    version++;
    if (!cluster.equals(clusters.put(name, cluster))) {
      clustersVersion = version;
    }
    if (!assignment.equals(endpoints.put(name, assignment))) {
      endpointsVersion = version;
    }
    Snapshot snapshot =
        Snapshot.create(
            clusters.values(),
            Integer.toString(clustersVersion),
            endpoints.values(),
            Integer.toString(endpointsVersion),
            List.of(),
            "0",
            List.of(),
            "0",
            List.of(),
            "0");
    long t0 = System.nanoTime();
    cache.setSnapshot("activator", snapshot);
    return t0;
  }

  /** Remembers the last version each resource type was acknowledged at. */
  private final class AckTracker implements DiscoveryServerCallbacks {
    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
      if (!request.hasErrorDetail()) {
        acked.put(request.getTypeUrl(), request.getVersionInfo());
      }
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {}
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
