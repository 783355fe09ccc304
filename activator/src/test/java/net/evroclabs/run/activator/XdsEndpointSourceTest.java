package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The activator's delta xDS client against a scripted ADS server, for orders of responses a cache
 * does not produce on demand.
 */
class XdsEndpointSourceTest {

  private static final RevisionKey OLD = new RevisionKey("team-a", "hello-00001");
  private static final String CDS = XdsTranslation.CLUSTER_TYPE;
  private static final String EDS = XdsTranslation.ENDPOINT_TYPE;

  private final BlockingQueue<StreamObserver<DeltaDiscoveryResponse>> streams =
      new LinkedBlockingQueue<>();
  private final BlockingQueue<DeltaDiscoveryRequest> requests = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger nonce = new AtomicInteger();
  private final EndpointRegistry registry =
      new EndpointRegistry(10, () -> new ReleasePolicy(new Random(1)));
  private Server server;
  private XdsEndpointSource source;

  @BeforeEach
  void start() throws Exception {
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(
                new AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase() {
                  @Override
                  public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
                      StreamObserver<DeltaDiscoveryResponse> responses) {
                    streams.add(responses);
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(DeltaDiscoveryRequest request) {
                        requests.add(request);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    };
                  }
                })
            .build()
            .start();
    source =
        new XdsEndpointSource(
            Grpc.newChannelBuilderForAddress(
                    "127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
                .build(),
            "activator-test",
            registry,
            new ActivatorMetrics(Map::of),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
            scheduler);
    source.start();
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    scheduler.shutdownNow();
  }

  @Test
  void anAssignmentThatGoesBeforeItsClusterLeavesTheRevisionItsPodsForTheGracePeriod()
      throws Exception {
    StreamObserver<DeltaDiscoveryResponse> out = streams.poll(10, TimeUnit.SECONDS);
    out.onNext(response(CDS, List.of(Cluster.newBuilder().setName(OLD.toString()).build())));
    out.onNext(response(EDS, List.of(assignment(OLD, 8081))));
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoints(OLD).size() == 1);

    // Both go in one update; the assignment's removal happens to arrive first.
    out.onNext(response(EDS, List.of()).toBuilder().addRemovedResources(OLD.toString()).build());
    out.onNext(response(CDS, List.of()).toBuilder().addRemovedResources(OLD.toString()).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> registry.keys().isEmpty());

    assertThat(registry.find(OLD)).isNotNull();
    assertThat(endpoints(OLD)).containsExactly(new Endpoint("127.0.0.1", 8081));
  }

  private List<Endpoint> endpoints(RevisionKey key) {
    RevisionDispatcher d = registry.find(key);
    return d == null ? List.of() : d.endpoints();
  }

  private DeltaDiscoveryResponse response(String type, List<? extends Message> resources) {
    DeltaDiscoveryResponse.Builder b =
        DeltaDiscoveryResponse.newBuilder()
            .setTypeUrl(type)
            .setNonce(Integer.toString(nonce.incrementAndGet()));
    for (Message m : resources) {
      String name =
          m instanceof Cluster c ? c.getName() : ((ClusterLoadAssignment) m).getClusterName();
      b.addResources(
          Resource.newBuilder().setName(name).setVersion(b.getNonce()).setResource(Any.pack(m)));
    }
    return b.build();
  }

  private static ClusterLoadAssignment assignment(RevisionKey key, int port) {
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(key.toString())
        .addEndpoints(
            LocalityLbEndpoints.newBuilder()
                .addLbEndpoints(
                    LbEndpoint.newBuilder()
                        .setEndpoint(
                            io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                                .setAddress(
                                    Address.newBuilder()
                                        .setSocketAddress(
                                            SocketAddress.newBuilder()
                                                .setAddress("127.0.0.1")
                                                .setPortValue(port))))))
        .build();
  }
}
