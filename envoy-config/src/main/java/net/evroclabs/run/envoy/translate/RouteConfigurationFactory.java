package net.evroclabs.run.envoy.translate;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import net.evroclabs.run.envoy.model.GatewaySettings;

/**
 * Route configurations: one per service (its hosts, then a catch-all that answers 421 so a browser
 * that coalesced a connection opened for this service retries on a new one), and the unknown-host
 * configuration that answers 404. All add HSTS to responses.
 */
final class RouteConfigurationFactory {

  static final String MISDIRECTED_BODY =
      "misdirected request: this connection was opened for another host, retry on a new one\n";
  static final String UNKNOWN_HOST_BODY = "no service is deployed at this host\n";

  private final HeaderValueOption hsts;
  private final VirtualHost misdirected;
  private final RouteConfiguration unknownHost;

  RouteConfigurationFactory(GatewaySettings settings) {
    this.hsts =
        Protos.overwrite(
            "strict-transport-security", "max-age=" + settings.hstsMaxAge().getSeconds());
    this.misdirected = catchAll("misdirected", 421, MISDIRECTED_BODY);
    this.unknownHost =
        RouteConfiguration.newBuilder()
            .setName(Names.UNKNOWN_HOST_ROUTES)
            .addVirtualHosts(catchAll("unknown-host", 404, UNKNOWN_HOST_BODY))
            .addResponseHeadersToAdd(hsts)
            .build();
  }

  RouteConfiguration forService(String serviceKey, List<VirtualHost> virtualHosts) {
    return RouteConfiguration.newBuilder()
        .setName(Names.routeConfiguration(serviceKey))
        .addAllVirtualHosts(virtualHosts)
        .addVirtualHosts(misdirected)
        .addResponseHeadersToAdd(hsts)
        .build();
  }

  /**
   * The routes proxyless clients get: the service's virtual hosts only. gRPC refuses a listener
   * whose routes hold a {@code direct_response}, and a channel only ever asks for its own host.
   */
  RouteConfiguration forClients(String serviceKey, List<VirtualHost> virtualHosts) {
    return RouteConfiguration.newBuilder()
        .setName(Names.routeConfiguration(serviceKey))
        .addAllVirtualHosts(virtualHosts)
        .build();
  }

  RouteConfiguration unknownHost() {
    return unknownHost;
  }

  private static VirtualHost catchAll(String name, int status, String body) {
    return VirtualHost.newBuilder()
        .setName(name)
        .addDomains("*")
        .addAllRequestHeadersToRemove(RunHeaders.RESERVED)
        .addRoutes(
            Route.newBuilder()
                .setName(name)
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setDirectResponse(
                    DirectResponseAction.newBuilder()
                        .setStatus(status)
                        .setBody(DataSource.newBuilder().setInlineString(body))))
        .build();
  }
}
