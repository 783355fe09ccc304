package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import org.junit.jupiter.api.Test;

class HostRouterTest {

  private static final HttpHeadersView NO_HEADERS = name -> null;

  private static List<RouteConfiguration> gatewayRoutes(
      net.evroclabs.run.envoy.model.RoutedService... services) {
    return EnvoyTranslator.translateOnce(RoutingModels.model(services)).gateway().routes();
  }

  private static net.evroclabs.run.envoy.model.RoutedService hello() {
    return RoutingModels.hello(
        List.of(new Endpoint("10.0.0.7", 8080)), List.of(new Endpoint("10.0.0.8", 8080)));
  }

  @Test
  void splitsByWeightWithinTolerance() {
    HostRouter router = HostRouter.of(gatewayRoutes(hello()));
    Random random = new Random(42);
    int n = 10_000;
    int newer = 0;
    for (int i = 0; i < n; i++) {
      HostRouter.Decision d =
          router.route(RoutingModels.HOST, "/x", NO_HEADERS, random::nextDouble);
      assertThat(d).isInstanceOf(HostRouter.Forward.class);
      String revision = ((HostRouter.Forward) d).revision();
      assertThat(revision).isIn("team-a/hello-00001", "team-a/hello-00002");
      if (revision.equals("team-a/hello-00002")) {
        newer++;
      }
    }
    assertThat(newer).isBetween(7_700, 8_300);
  }

  @Test
  void tagHostReachesItsRevision() {
    HostRouter router = HostRouter.of(gatewayRoutes(hello()));
    for (double x : new double[] {0, 0.5, 0.9999}) {
      assertThat(router.route(RoutingModels.TAG_HOST, "/", NO_HEADERS, () -> x))
          .isInstanceOfSatisfying(
              HostRouter.Forward.class,
              f -> assertThat(f.revision()).isEqualTo("team-a/hello-00001"));
    }
  }

  @Test
  void unknownHostIs404() {
    HostRouter router = HostRouter.of(gatewayRoutes(hello(), RoutingModels.other()));
    assertThat(router.route("nothing.run.localhost", "/", NO_HEADERS, () -> 0))
        .isEqualTo(new HostRouter.Respond(404, "no service at nothing.run.localhost\n"));
    assertThat(HostRouter.EMPTY.route("a", "/", NO_HEADERS, () -> 0))
        .isInstanceOfSatisfying(
            HostRouter.Respond.class, r -> assertThat(r.status()).isEqualTo(404));
  }

  @Test
  void misdirectedCatchAllNeverShadowsAnotherServicesHost() {
    List<RouteConfiguration> routes = gatewayRoutes(hello(), RoutingModels.other());
    // Both orders: the first configuration's 421 catch-all must not win over the other's host.
    for (List<RouteConfiguration> order : List.of(routes, routes.reversed())) {
      HostRouter router = HostRouter.of(order);
      assertThat(router.route(RoutingModels.OTHER_HOST, "/", NO_HEADERS, () -> 0))
          .isInstanceOfSatisfying(
              HostRouter.Forward.class,
              f -> assertThat(f.revision()).isEqualTo("team-b/other-00001"));
      assertThat(router.route(RoutingModels.HOST, "/", NO_HEADERS, () -> 0.99))
          .isInstanceOfSatisfying(
              HostRouter.Forward.class,
              f -> assertThat(f.revision()).isEqualTo("team-a/hello-00001"));
    }
  }

  @Test
  void removesReservedHeadersAndSetsTheRevision() {
    HostRouter router = HostRouter.of(gatewayRoutes(hello()));
    HostRouter.Forward f =
        (HostRouter.Forward) router.route(RoutingModels.HOST, "/", NO_HEADERS, () -> 0);
    assertThat(f.headersToRemove()).contains("x-run-revision");
    assertThat(f.headersToAdd()).containsEntry("x-run-revision", "team-a/hello-00002");
    assertThat(f.timeout()).isPositive();
  }

  @Test
  void normalizesHosts() {
    assertThat(HostRouter.normalizeHost("Svc.Run.Localhost:8443")).isEqualTo("svc.run.localhost");
    assertThat(HostRouter.normalizeHost("svc.run.localhost.")).isEqualTo("svc.run.localhost");
    assertThat(HostRouter.normalizeHost("[::1]:8443")).isEqualTo("[::1]");
    assertThat(HostRouter.normalizeHost(null)).isEmpty();
  }

  private static Route.Builder forwardTo(String revision) {
    return Route.newBuilder()
        .setRoute(RouteAction.newBuilder().setCluster(revision))
        .addRequestHeadersToAdd(
            HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey("X-Extra").setValue("1")));
  }

  @Test
  void matchesPathsHeadersAndDomainsInOrder() {
    VirtualHost vh =
        VirtualHost.newBuilder()
            .setName("handmade")
            .addDomains("*.wild.test")
            .addRoutes(
                // Unsupported (query parameter match): never matches.
                forwardTo("ns/unsupported")
                    .setMatch(
                        RouteMatch.newBuilder()
                            .setPrefix("/")
                            .addQueryParameters(QueryParameterMatcher.newBuilder().setName("q"))))
            .addRoutes(forwardTo("ns/exact").setMatch(RouteMatch.newBuilder().setPath("/exact")))
            .addRoutes(
                forwardTo("ns/regex")
                    .setMatch(
                        RouteMatch.newBuilder()
                            .setSafeRegex(RegexMatcher.newBuilder().setRegex("/r/[0-9]+"))))
            .addRoutes(
                forwardTo("ns/header")
                    .setMatch(
                        RouteMatch.newBuilder()
                            .setPrefix("/h")
                            .addHeaders(
                                HeaderMatcher.newBuilder().setName("x-b").setExactMatch("yes"))))
            .addRoutes(
                Route.newBuilder()
                    .setMatch(RouteMatch.newBuilder().setPrefix("/old"))
                    .setRedirect(
                        RedirectAction.newBuilder()
                            .setPathRedirect("/new")
                            .setResponseCode(
                                RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT)))
            .addRoutes(
                Route.newBuilder()
                    .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    .setDirectResponse(
                        DirectResponseAction.newBuilder()
                            .setStatus(418)
                            .setBody(DataSource.newBuilder().setInlineString("teapot"))))
            .build();
    VirtualHost longer =
        VirtualHost.newBuilder()
            .addDomains("*.deep.wild.test")
            .addRoutes(forwardTo("ns/deep").setMatch(RouteMatch.newBuilder().setPrefix("/")))
            .build();
    HostRouter router =
        HostRouter.of(
            List.of(
                RouteConfiguration.newBuilder()
                    .addVirtualHosts(vh)
                    .addVirtualHosts(longer)
                    .build()));
    String host = "a.wild.test";
    assertThat(revision(router.route(host, "/exact?x=1", NO_HEADERS, () -> 0)))
        .isEqualTo("ns/exact");
    assertThat(revision(router.route(host, "/r/12", NO_HEADERS, () -> 0))).isEqualTo("ns/regex");
    assertThat(
            revision(router.route(host, "/h", HttpHeadersView.of(Map.of("X-B", "yes")), () -> 0)))
        .isEqualTo("ns/header");
    assertThat(router.route(host, "/h", NO_HEADERS, () -> 0))
        .isEqualTo(new HostRouter.Respond(418, "teapot"));
    assertThat(router.route(host, "/old/x?q=2", NO_HEADERS, () -> 0))
        .isEqualTo(new HostRouter.Redirect("https://a.wild.test/new?q=2", 308));
    assertThat(revision(router.route("x.deep.wild.test", "/", NO_HEADERS, () -> 0)))
        .isEqualTo("ns/deep");
    HostRouter.Forward f = (HostRouter.Forward) router.route(host, "/exact", NO_HEADERS, () -> 0);
    assertThat(f.headersToAdd())
        .containsEntry("x-extra", "1")
        .containsEntry("x-run-revision", "ns/exact");
  }

  @Test
  void weightedClustersWithoutWeightsNeverMatch() {
    RouteConfiguration rc =
        RouteConfiguration.newBuilder()
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .addDomains("h")
                    .addRoutes(
                        Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                            .setRoute(
                                RouteAction.newBuilder()
                                    .setWeightedClusters(
                                        io.envoyproxy.envoy.config.route.v3.WeightedCluster
                                            .newBuilder()
                                            .addClusters(
                                                io.envoyproxy.envoy.config.route.v3.WeightedCluster
                                                    .ClusterWeight.newBuilder()
                                                    .setName("ns/a")
                                                    .setWeight(UInt32Value.of(0)))))))
            .build();
    assertThat(HostRouter.of(List.of(rc)).route("h", "/", NO_HEADERS, () -> 0))
        .isInstanceOfSatisfying(
            HostRouter.Respond.class, r -> assertThat(r.status()).isEqualTo(404));
  }

  private static String revision(HostRouter.Decision d) {
    assertThat(d).isInstanceOf(HostRouter.Forward.class);
    return ((HostRouter.Forward) d).revision();
  }
}
