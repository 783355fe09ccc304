package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
  private static final RevisionKey NEW = new RevisionKey("team-a", "hello-00002");
  private static final String CDS = XdsTranslation.CLUSTER_TYPE;
  private static final String EDS = XdsTranslation.ENDPOINT_TYPE;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger nonce = new AtomicInteger();
  private final EndpointRegistry registry =
      new EndpointRegistry(10, () -> new ReleasePolicy(new Random(1)));
  private ScriptedAdsServer server;
  private XdsEndpointSource source;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedAdsServer();
    source =
        new XdsEndpointSource(
            server.channel(),
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
    server.close();
    scheduler.shutdownNow();
  }

  @Test
  void closingAgainDoesNothing() throws Exception {
    server.nextDeltaStream();
    source.close();
    source.close(); // and once more after the test
  }

  @Test
  void anAssignmentThatGoesBeforeItsClusterLeavesTheRevisionItsPodsForTheGracePeriod()
      throws Exception {
    StreamObserver<DeltaDiscoveryResponse> out = server.nextDeltaStream();
    Endpoint pod = new Endpoint("127.0.0.1", 8081);
    out.onNext(
        response(
            CDS,
            List.of(
                XdsTestServer.cluster(
                    OLD, new RevisionSettings(300, 0, RevisionSettings.Protocol.HTTP1)))));
    out.onNext(response(EDS, List.of(XdsTestServer.assignment(OLD, List.of(pod)))));
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoints(OLD).size() == 1);

    // Both go in one update; the assignment's removal happens to arrive first.
    out.onNext(response(EDS, List.of()).toBuilder().addRemovedResources(OLD.toString()).build());
    out.onNext(response(CDS, List.of()).toBuilder().addRemovedResources(OLD.toString()).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> registry.keys().isEmpty());

    assertThat(registry.find(OLD)).isNotNull();
    assertThat(endpoints(OLD)).containsExactly(pod);
  }

  @Test
  void aClusterChangeSubscribesToTheAssignmentsOfWhatCameAndLeavesThoseOfWhatWent()
      throws Exception {
    RevisionKey third = RevisionKey.parse("team-a/hello-00003");
    StreamObserver<DeltaDiscoveryResponse> out = server.nextDeltaStream();
    assertThat(server.nextDeltaSubscription(CDS)).isNotNull();
    out.onNext(response(CDS, List.of(cluster(OLD), cluster(NEW))));
    DeltaDiscoveryRequest first = server.nextDeltaSubscription(EDS);
    assertThat(first.getResourceNamesSubscribeList())
        .containsExactlyInAnyOrder(OLD.toString(), NEW.toString());
    RevisionDispatcher current = registry.find(NEW);

    out.onNext(response(CDS, List.of(cluster(third))));
    DeltaDiscoveryRequest added = server.nextDeltaSubscription(EDS);
    assertThat(added.getResourceNamesSubscribeList()).containsExactly(third.toString());
    assertThat(added.getResourceNamesUnsubscribeList()).isEmpty();

    out.onNext(response(CDS, List.of()).toBuilder().addRemovedResources(OLD.toString()).build());
    DeltaDiscoveryRequest removed = server.nextDeltaSubscription(EDS);
    assertThat(removed.getResourceNamesSubscribeList()).isEmpty();
    assertThat(removed.getResourceNamesUnsubscribeList()).containsExactly(OLD.toString());

    assertThat(registry.keys()).containsExactlyInAnyOrder(NEW, third);
    assertThat(registry.find(NEW)).isSameAs(current);
  }

  private static Cluster cluster(RevisionKey key) {
    return XdsTestServer.cluster(
        key, new RevisionSettings(300, 0, RevisionSettings.Protocol.HTTP1));
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
}
