package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;

/**
 * The Envoy resources one node group receives, in a deterministic order.
 *
 * @param clusters CDS
 * @param endpoints EDS, one assignment per cluster
 * @param listeners LDS
 * @param routes RDS
 * @param secrets SDS
 */
public record GroupResources(
    List<Cluster> clusters,
    List<ClusterLoadAssignment> endpoints,
    List<Listener> listeners,
    List<RouteConfiguration> routes,
    List<Secret> secrets) {

  /** A java-control-plane snapshot of these resources, all at {@code version}. */
  public Snapshot snapshot(String version) {
    return Snapshot.create(clusters, endpoints, listeners, routes, secrets, version);
  }

  /** Every resource, in the order CDS, EDS, LDS, RDS, SDS. */
  public List<Message> all() {
    List<Message> all =
        new ArrayList<>(
            clusters.size() + endpoints.size() + listeners.size() + routes.size() + secrets.size());
    all.addAll(clusters);
    all.addAll(endpoints);
    all.addAll(listeners);
    all.addAll(routes);
    all.addAll(secrets);
    return all;
  }

  /** The bytes of every resource serialized, as a full state-of-the-world push would send. */
  public long serializedSize() {
    long size = 0;
    for (Message m : all()) {
      size += m.getSerializedSize();
    }
    return size;
  }
}
