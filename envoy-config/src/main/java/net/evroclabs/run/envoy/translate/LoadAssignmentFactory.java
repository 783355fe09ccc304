package net.evroclabs.run.envoy.translate;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.List;
import net.evroclabs.run.envoy.model.Endpoint;

/** The endpoints of one cluster, all healthy (the caller passes only ready pods). */
final class LoadAssignmentFactory {

  private LoadAssignmentFactory() {}

  static ClusterLoadAssignment assignment(String clusterName, List<Endpoint> endpoints) {
    ClusterLoadAssignment.Builder cla =
        ClusterLoadAssignment.newBuilder().setClusterName(clusterName);
    if (!endpoints.isEmpty()) {
      // gRPC's xDS client ignores a locality without a weight; Envoy ignores the weight unless
      // locality-weighted balancing is on.
      LocalityLbEndpoints.Builder locality =
          LocalityLbEndpoints.newBuilder().setLoadBalancingWeight(UInt32Value.of(1));
      for (Endpoint e : endpoints) {
        locality.addLbEndpoints(
            LbEndpoint.newBuilder()
                .setEndpoint(
                    io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                        .setAddress(
                            Address.newBuilder()
                                .setSocketAddress(
                                    SocketAddress.newBuilder()
                                        .setAddress(e.address())
                                        .setPortValue(e.port()))))
                .setHealthStatus(HealthStatus.HEALTHY));
      }
      cla.addEndpoints(locality);
    }
    return cla.build();
  }
}
