package net.evroclabs.run.envoy.translate;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.envoy.model.GatewaySettings;

/**
 * The gateway's listeners and the proxyless API listeners.
 *
 * <p>The HTTPS listener has one filter chain per service, chosen by SNI among the service's hosts,
 * whose connection manager takes the service's own route configuration over RDS; so a change to one
 * service sends one small route configuration. A browser may reuse (coalesce) an HTTP/2 connection
 * for another host the wildcard certificate covers: that request matches no host of the chain's
 * route configuration and gets 421, on which browsers retry over a new connection. Connections
 * without a known SNI use the default chain, whose inline routes answer 404.
 */
final class ListenerFactory {

  static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

  private final GatewaySettings settings;
  private final HttpConnectionManagerFactory connectionManagers;
  private final TransportSocket tls;
  private final FilterChain defaultChain;

  ListenerFactory(GatewaySettings settings, RouteConfiguration unknownHostRoutes) {
    this.settings = settings;
    this.connectionManagers = new HttpConnectionManagerFactory(settings);
    this.tls = TlsFactory.downstream(settings.tlsSecretName());
    this.defaultChain =
        FilterChain.newBuilder()
            .setName("unknown-host")
            .addFilters(connectionManagers.https(unknownHostRoutes))
            .setTransportSocket(tls)
            .build();
  }

  /** The chain of one service: its hosts as server names, its route configuration over RDS. */
  FilterChain serviceChain(String serviceKey, List<String> hosts) {
    return FilterChain.newBuilder()
        .setName(serviceKey)
        .setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(hosts))
        .addFilters(connectionManagers.https(Names.routeConfiguration(serviceKey)))
        .setTransportSocket(tls)
        .build();
  }

  Listener https(List<FilterChain> serviceChains) {
    return Listener.newBuilder()
        .setName(Names.HTTPS_LISTENER)
        .setAddress(anyAddress(settings.httpsPort()))
        .addListenerFilters(
            ListenerFilter.newBuilder()
                .setName(TLS_INSPECTOR)
                .setTypedConfig(Protos.any(TlsInspector.getDefaultInstance())))
        .addAllFilterChains(serviceChains)
        .setDefaultFilterChain(defaultChain)
        .setPerConnectionBufferLimitBytes(UInt32Value.of(32_768))
        .build();
  }

  Listener http() {
    return Listener.newBuilder()
        .setName(Names.HTTP_LISTENER)
        .setAddress(anyAddress(settings.httpPort()))
        .addFilterChains(FilterChain.newBuilder().addFilters(connectionManagers.redirect()))
        .setPerConnectionBufferLimitBytes(UInt32Value.of(32_768))
        .build();
  }

  /** For gRPC clients resolving {@code xds:///<host>}: the given routes, inline. */
  static Listener apiListener(String host, RouteConfiguration routes) {
    return apiListeners(List.of(host), routes).get(0);
  }

  /** One API listener per host, all with the same connection manager (packed once). */
  static List<Listener> apiListeners(List<String> hosts, RouteConfiguration routes) {
    ApiListener api =
        ApiListener.newBuilder()
            .setApiListener(Protos.any(HttpConnectionManagerFactory.apiListener(routes)))
            .build();
    List<Listener> listeners = new ArrayList<>(hosts.size());
    for (String host : hosts) {
      listeners.add(Listener.newBuilder().setName(host).setApiListener(api).build());
    }
    return List.copyOf(listeners);
  }

  private static Address anyAddress(int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress("0.0.0.0").setPortValue(port))
        .build();
  }
}
