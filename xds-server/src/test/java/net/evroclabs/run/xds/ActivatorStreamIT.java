package net.evroclabs.run.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.activator.Activator;
import net.evroclabs.run.activator.ActivatorConfig;
import net.evroclabs.run.activator.Endpoint;
import net.evroclabs.run.activator.RevisionKey;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.server.XdsGrpcServer;
import net.evroclabs.run.xds.server.XdsServerSettings;
import org.junit.jupiter.api.Test;

/** The real activator's delta stream against this server's cache, as node group activator. */
class ActivatorStreamIT {

  private static final RevisionKey OLD = new RevisionKey("team-a", "hello-00001");
  private static final RevisionKey NEW = new RevisionKey("team-a", "hello-00002");

  private final Versions versions = new Versions("it");
  private final XdsCache cache = new XdsCache();
  private GroupSnapshot snapshot = GroupSnapshot.empty(NodeGroup.ACTIVATOR, versions);
  private long sequence;

  @Test
  void aRevisionGoneFromTheClustersKeepsItsPodsForTheGracePeriod() throws Exception {
    XdsStreams streams = new XdsStreams();
    publish(List.of(OLD, NEW), 8081);
    try (XdsGrpcServer server =
            XdsGrpcServer.start(
                XdsServerSettings.defaults().withListenAddress("127.0.0.1", 0),
                cache,
                streams,
                versions);
        Activator activator =
            Activator.start(
                ActivatorConfig.defaults()
                    .onLoopback("127.0.0.1", server.port(), URI.create("http://127.0.0.1:1")))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  activator.registry().find(OLD) != null
                      && activator.registry().find(OLD).endpoints().size() == 1);

      // The cluster and its assignment go in one update, as when traffic leaves a revision.
      publish(List.of(NEW), 8081);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> activator.registry().keys().equals(java.util.Set.of(NEW)));

      assertThat(activator.registry().find(OLD).endpoints())
          .containsExactly(new Endpoint("127.0.0.1", 8081));
    }
  }

  private void publish(List<RevisionKey> revisions, int port) {
    List<Cluster> clusters =
        revisions.stream().map(k -> Cluster.newBuilder().setName(k.toString()).build()).toList();
    List<ClusterLoadAssignment> assignments =
        revisions.stream()
            .map(
                k ->
                    ClusterLoadAssignment.newBuilder()
                        .setClusterName(k.toString())
                        .addEndpoints(
                            LocalityLbEndpoints.newBuilder()
                                .addLbEndpoints(
                                    LbEndpoint.newBuilder()
                                        .setEndpoint(
                                            io.envoyproxy.envoy.config.endpoint.v3.Endpoint
                                                .newBuilder()
                                                .setAddress(
                                                    Address.newBuilder()
                                                        .setSocketAddress(
                                                            SocketAddress.newBuilder()
                                                                .setAddress("127.0.0.1")
                                                                .setPortValue(port))))))
                        .build())
            .toList();
    snapshot =
        snapshot.next(
            new GroupResources(clusters, assignments, List.of(), List.of(), List.of()),
            ++sequence,
            versions);
    cache.publish(Map.of(NodeGroup.ACTIVATOR, snapshot));
  }
}
