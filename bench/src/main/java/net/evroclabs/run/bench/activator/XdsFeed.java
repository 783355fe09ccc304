package net.evroclabs.run.bench.activator;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
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
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The xDS side of the benchmark: a java-control-plane ADS server for node group activator. */
final class XdsFeed implements AutoCloseable {

  private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getCluster());
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, ClusterLoadAssignment> endpoints = new LinkedHashMap<>();
  private final Server server;
  private int version;

  XdsFeed() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new V3DiscoveryServer(cache).getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  /** Publishes revision {@code name} ({@code ns/rev}) with its pods on loopback ports. */
  synchronized void publish(String name, int containerConcurrency, List<Integer> podPorts) {
    Struct meta =
        Struct.newBuilder()
            .putFields("timeoutSeconds", Value.newBuilder().setNumberValue(300).build())
            .putFields(
                "containerConcurrency",
                Value.newBuilder().setNumberValue(containerConcurrency).build())
            .putFields("protocol", Value.newBuilder().setStringValue("http1").build())
            .build();
    clusters.put(
        name,
        Cluster.newBuilder()
            .setName(name)
            .setType(Cluster.DiscoveryType.EDS)
            .setEdsClusterConfig(
                Cluster.EdsClusterConfig.newBuilder()
                    .setEdsConfig(
                        ConfigSource.newBuilder()
                            .setAds(AggregatedConfigSource.getDefaultInstance())))
            .setMetadata(Metadata.newBuilder().putFilterMetadata("run.evroclabs.net", meta))
            .build());
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
    endpoints.put(
        name,
        ClusterLoadAssignment.newBuilder().setClusterName(name).addEndpoints(locality).build());
    cache.setSnapshot(
        "activator",
        Snapshot.create(
            clusters.values(),
            endpoints.values(),
            List.of(),
            List.of(),
            List.of(),
            Integer.toString(++version)));
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
