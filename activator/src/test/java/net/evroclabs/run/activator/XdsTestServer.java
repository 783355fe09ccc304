package net.evroclabs.run.activator;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A java-control-plane ADS server on loopback, serving node group {@code activator}. */
final class XdsTestServer implements AutoCloseable {

  private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getCluster());
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final NackLog callbacks = new NackLog();
  private final List<String> nacks = callbacks.entries();
  private final Map<RevisionKey, ClusterLoadAssignment> endpoints = new LinkedHashMap<>();
  private Server server;
  private int port;
  private int version;

  XdsTestServer() throws IOException {
    start(0);
  }

  private void start(int bindPort) throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", bindPort))
            .addService(new V3DiscoveryServer(callbacks, cache).getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
    port = server.getPort();
  }

  int port() {
    return port;
  }

  /** Publishes a revision with its settings and ready pods (possibly none). */
  synchronized void publish(RevisionKey key, RevisionSettings settings, List<Endpoint> ready) {
    clusters.put(key.toString(), cluster(key, settings));
    endpoints.put(key, assignment(key, ready));
    push();
  }

  /** Publishes a cluster exactly as given, readable or not. */
  synchronized void publishRaw(Cluster cluster) {
    clusters.put(cluster.getName(), cluster);
    push();
  }

  /** The error details of every NACK received, in order. */
  List<String> nacks() {
    return nacks;
  }

  /** Publishes only new ready pods of a known revision. */
  synchronized void publishEndpoints(RevisionKey key, List<Endpoint> ready) {
    endpoints.put(key, assignment(key, ready));
    push();
  }

  synchronized void remove(RevisionKey key) {
    clusters.remove(key.toString());
    endpoints.remove(key);
    push();
  }

  /** Stops serving (streams break); {@link #restart()} serves again on the same port. */
  void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination();
  }

  void restart() throws IOException {
    start(port);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void push() {
    cache.setSnapshot(
        XdsEndpointSource.NODE_CLUSTER,
        Snapshot.create(
            clusters.values(),
            endpoints.values(),
            List.of(),
            List.of(),
            List.of(),
            Integer.toString(++version)));
  }

  static Cluster cluster(RevisionKey key, RevisionSettings settings) {
    return XdsTranslation.cluster(key, settings);
  }

  static ClusterLoadAssignment assignment(RevisionKey key, List<Endpoint> ready) {
    return XdsTranslation.assignment(key, ready);
  }
}
