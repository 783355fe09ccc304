package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.activator.ScriptedAdsServer;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import net.evroclabs.run.envoy.translate.GroupResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress's route client against a scripted ADS server, for what state-of-the-world xDS allows
 * a server to send that a java-control-plane cache never does.
 */
class RouteSourceTest {

  private static final HttpHeadersView NO_HEADERS = name -> null;

  private final BlockingQueue<HostRouter> published = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private ScriptedAdsServer server;
  private RouteSource source;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedAdsServer();
    source =
        new RouteSource(
            server.channel(),
            "ingress-test",
            n -> Duration.ofMillis(50),
            scheduler,
            published::add);
    source.start();
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    server.close();
    scheduler.shutdownNow();
  }

  @Test
  void aRouteResponseWithOnlyTheChangedConfigurationKeepsTheOthers() throws Exception {
    GroupResources gateway =
        EnvoyTranslator.translateOnce(RoutingModels.model(hello(), RoutingModels.other()))
            .gateway();
    List<RouteConfiguration> routes = gateway.routes();
    assertThat(routes).hasSize(2);
    StreamObserver<DiscoveryResponse> out = server.nextStream();
    out.onNext(response(RouteSource.LISTENER_TYPE, "1", gateway.listeners()));
    out.onNext(response(RouteSource.ROUTE_TYPE, "1", routes));
    HostRouter first = published.poll(10, TimeUnit.SECONDS);
    assertThat(forwards(first, RoutingModels.OTHER_HOST, "team-b/other-00001")).isTrue();

    // The server sends what changed: the other service's configuration is not repeated.
    RouteConfiguration helloOnly =
        routes.stream()
            .filter(
                rc ->
                    rc.getVirtualHostsList().stream()
                        .anyMatch(v -> v.getDomainsList().contains(RoutingModels.HOST)))
            .findFirst()
            .orElseThrow();
    out.onNext(response(RouteSource.ROUTE_TYPE, "2", List.of(helloOnly)));
    HostRouter second = published.poll(10, TimeUnit.SECONDS);

    assertThat(forwards(second, RoutingModels.OTHER_HOST, "team-b/other-00001")).isTrue();
    assertThat(second.route(RoutingModels.HOST, "/", NO_HEADERS, () -> 0))
        .isInstanceOf(HostRouter.Forward.class);
  }

  private static boolean forwards(HostRouter router, String host, String revision) {
    return router != null
        && router.route(host, "/", NO_HEADERS, () -> 0) instanceof HostRouter.Forward f
        && f.revision().equals(revision);
  }

  private static net.evroclabs.run.envoy.model.RoutedService hello() {
    return RoutingModels.hello(
        List.of(new Endpoint("10.0.0.7", 8080)), List.of(new Endpoint("10.0.0.8", 8080)));
  }

  private static DiscoveryResponse response(
      String type, String version, List<? extends Message> resources) {
    DiscoveryResponse.Builder b =
        DiscoveryResponse.newBuilder().setTypeUrl(type).setVersionInfo(version).setNonce(version);
    resources.forEach(r -> b.addResources(Any.pack(r)));
    return b.build();
  }
}
