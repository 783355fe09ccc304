package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import net.evroclabs.run.envoy.model.GatewaySettings;

/** The HTTP connection managers of the gateway's listeners and of proxyless API listeners. */
final class HttpConnectionManagerFactory {

  /**
   * Envoy finds the extension by the type of {@code typed_config}, so the name is free; this one is
   * the name java-control-plane's {@code Snapshot.ensureConsistent()} looks for when it collects
   * the route configurations listeners refer to.
   */
  static final String NAME = "envoy.http_connection_manager";

  private static final String TYPE_URL =
      "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();

  private final HttpConnectionManager https;
  private final HttpConnectionManager redirect;

  /**
   * The HTTPS connection manager serialized in two parts, the fields numbered before {@code rds}
   * and those after it. Protobuf writes fields in number order, so a service's manager is these two
   * parts around its own {@code rds} field: the same bytes as serializing it whole, without
   * re-serializing the shared settings for every service.
   */
  private final ByteString httpsBeforeRds;

  private final ByteString httpsAfterRds;

  HttpConnectionManagerFactory(GatewaySettings settings) {
    HttpConnectionManager.Builder b =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("https")
            .setCodecType(HttpConnectionManager.CodecType.AUTO)
            .setUseRemoteAddress(BoolValue.of(true))
            .setXffNumTrustedHops(settings.trustedHops())
            .setNormalizePath(BoolValue.of(true))
            .setMergeSlashes(true)
            .setPathWithEscapedSlashesAction(
                HttpConnectionManager.PathWithEscapedSlashesAction.UNESCAPE_AND_REDIRECT)
            .setStripAnyHostPort(true)
            .setRequestHeadersTimeout(Protos.duration(settings.requestHeadersTimeout()))
            .setStreamIdleTimeout(Protos.duration(settings.streamIdleTimeout()))
            .setCommonHttpProtocolOptions(
                HttpProtocolOptions.newBuilder()
                    .setIdleTimeout(Protos.duration(settings.connectionIdleTimeout()))
                    .setHeadersWithUnderscoresAction(
                        HttpProtocolOptions.HeadersWithUnderscoresAction.REJECT_REQUEST))
            .setMaxRequestHeadersKb(UInt32Value.of(settings.maxRequestHeadersKb()))
            .setHttp2ProtocolOptions(
                Http2ProtocolOptions.newBuilder()
                    .setMaxConcurrentStreams(UInt32Value.of(100))
                    .setInitialStreamWindowSize(UInt32Value.of(65_536))
                    .setInitialConnectionWindowSize(UInt32Value.of(1_048_576)))
            .addUpgradeConfigs(
                HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
            .addAccessLog(AccessLogFactory.stdoutJson());
    if (!settings.workloadCidrs().isEmpty()) {
      b.addHttpFilters(RbacFilterFactory.denyWorkloadSources(settings.workloadCidrs()));
    }
    this.https = b.addHttpFilters(RouterFilterFactory.router()).build();
    this.httpsBeforeRds =
        HttpConnectionManager.newBuilder()
            .setCodecType(https.getCodecType())
            .setStatPrefix(https.getStatPrefix())
            .build()
            .toByteString();
    this.httpsAfterRds =
        https.toBuilder().clearCodecType().clearStatPrefix().build().toByteString();
    this.redirect =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("http")
            .setCodecType(HttpConnectionManager.CodecType.AUTO)
            .setUseRemoteAddress(BoolValue.of(true))
            .setXffNumTrustedHops(settings.trustedHops())
            .setRequestHeadersTimeout(Protos.duration(settings.requestHeadersTimeout()))
            .setStreamIdleTimeout(Protos.duration(settings.streamIdleTimeout()))
            .setRouteConfig(
                RouteConfiguration.newBuilder()
                    .setName(Names.HTTP_LISTENER)
                    .addVirtualHosts(
                        VirtualHost.newBuilder()
                            .setName("redirect-to-https")
                            .addDomains("*")
                            .addRoutes(
                                Route.newBuilder()
                                    .setName("redirect-to-https")
                                    .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                    .setRedirect(
                                        RedirectAction.newBuilder()
                                            .setHttpsRedirect(true)
                                            .setResponseCode(
                                                RedirectAction.RedirectResponseCode
                                                    .MOVED_PERMANENTLY)))))
            .addAccessLog(AccessLogFactory.stdoutJson())
            .addHttpFilters(RouterFilterFactory.router())
            .build();
  }

  /** The HTTPS connection manager whose routes come over RDS as {@code routeConfigName}. */
  Filter https(String routeConfigName) {
    ByteString rdsField =
        HttpConnectionManager.newBuilder().setRds(rds(routeConfigName)).build().toByteString();
    Any packed =
        Any.newBuilder()
            .setTypeUrl(TYPE_URL)
            .setValue(httpsBeforeRds.concat(rdsField).concat(httpsAfterRds))
            .build();
    return Filter.newBuilder().setName(NAME).setTypedConfig(packed).build();
  }

  /** The HTTPS connection manager with fixed, inline routes. */
  Filter https(RouteConfiguration inlineRoutes) {
    return filter(https.toBuilder().setRouteConfig(inlineRoutes).build());
  }

  /** Answers every plain-HTTP request with a 301 to the same host and path over HTTPS. */
  Filter redirect() {
    return filter(redirect);
  }

  /**
   * What a gRPC client with an xDS resolver needs: the service's routes, inline so that the client
   * gets them in the one listener it asks for, and the router.
   */
  static HttpConnectionManager apiListener(RouteConfiguration routes) {
    return HttpConnectionManager.newBuilder()
        .setStatPrefix("proxyless")
        .setRouteConfig(routes)
        .addHttpFilters(RouterFilterFactory.router())
        .build();
  }

  private static Rds rds(String routeConfigName) {
    return Rds.newBuilder()
        .setConfigSource(Protos.ads())
        .setRouteConfigName(routeConfigName)
        .build();
  }

  private static Filter filter(HttpConnectionManager hcm) {
    return Filter.newBuilder().setName(NAME).setTypedConfig(Protos.any(hcm)).build();
  }
}
