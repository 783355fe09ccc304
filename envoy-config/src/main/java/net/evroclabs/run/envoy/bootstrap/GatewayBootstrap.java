package net.evroclabs.run.envoy.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.KeepaliveSettings;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.metrics.v3.HistogramBucketSettings;
import io.envoyproxy.envoy.config.metrics.v3.StatsConfig;
import io.envoyproxy.envoy.config.overload.v3.OverloadAction;
import io.envoyproxy.envoy.config.overload.v3.OverloadManager;
import io.envoyproxy.envoy.config.overload.v3.ResourceMonitor;
import io.envoyproxy.envoy.config.overload.v3.ThresholdTrigger;
import io.envoyproxy.envoy.config.overload.v3.Trigger;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import net.evroclabs.run.envoy.translate.EnvoyJson;
import net.evroclabs.run.envoy.translate.NodeGroup;

/**
 * The Envoy gateway's bootstrap: node cluster {@code gateway}, everything else over ADS from
 * xds-server (HTTP/2, optionally mutual TLS), admin on 127.0.0.1 only, a stats listener that
 * exposes just {@code /stats/prometheus} and {@code /ready}, and overload-manager limits.
 */
public final class GatewayBootstrap {

  /** The static cluster of xds-server. */
  public static final String XDS_CLUSTER = "xds-server";

  static final String ADMIN_CLUSTER = "envoy-admin";
  static final String FIXED_HEAP = "envoy.resource_monitors.fixed_heap";
  static final String DOWNSTREAM_CONNECTIONS =
      "envoy.resource_monitors.global_downstream_max_connections";

  private GatewayBootstrap() {}

  public static Bootstrap bootstrap(BootstrapSettings settings) {
    ConfigSource ads =
        ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3)
            .build();
    return Bootstrap.newBuilder()
        .setNode(
            Node.newBuilder().setId(settings.nodeId()).setCluster(NodeGroup.GATEWAY.nodeCluster()))
        .setAdmin(Admin.newBuilder().setAddress(address("127.0.0.1", settings.adminPort())))
        .setDynamicResources(
            Bootstrap.DynamicResources.newBuilder()
                .setAdsConfig(
                    ApiConfigSource.newBuilder()
                        .setApiType(
                            settings.deltaXds()
                                ? ApiConfigSource.ApiType.DELTA_GRPC
                                : ApiConfigSource.ApiType.GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .setSetNodeOnFirstMessageOnly(true)
                        .addGrpcServices(
                            GrpcService.newBuilder()
                                .setEnvoyGrpc(
                                    GrpcService.EnvoyGrpc.newBuilder()
                                        .setClusterName(XDS_CLUSTER))))
                .setCdsConfig(ads)
                .setLdsConfig(ads))
        .setStaticResources(
            Bootstrap.StaticResources.newBuilder()
                .addListeners(statsListener(settings))
                .addClusters(xdsCluster(settings))
                .addClusters(adminCluster(settings)))
        .setOverloadManager(overloadManager(settings))
        .setStatsConfig(latencyBuckets())
        .build();
  }

  /**
   * Upstream request-time buckets in milliseconds, fine around the latency targets users set
   * (Envoy's defaults jump from 100 to 250 ms), so that the scaler's percentiles are accurate.
   */
  static final double[] LATENCY_BUCKETS_MS = {
    1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 225, 250, 300, 350,
    400, 500, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000, 30000, 60000, 300000, 600000
  };

  private static StatsConfig latencyBuckets() {
    HistogramBucketSettings.Builder buckets =
        HistogramBucketSettings.newBuilder()
            .setMatch(StringMatcher.newBuilder().setSuffix("upstream_rq_time"));
    for (double b : LATENCY_BUCKETS_MS) {
      buckets.addBuckets(b);
    }
    return StatsConfig.newBuilder().addHistogramBucketSettings(buckets).build();
  }

  /** The bootstrap as YAML, as {@code envoy -c} reads it. */
  public static String yaml(BootstrapSettings settings) {
    return YamlWriter.fromJson(EnvoyJson.printWithProtoNames(bootstrap(settings)));
  }

  private static Listener statsListener(BootstrapSettings settings) {
    VirtualHost.Builder host = VirtualHost.newBuilder().setName("stats").addDomains("*");
    for (String path : new String[] {"/stats/prometheus", "/ready"}) {
      host.addRoutes(
          Route.newBuilder()
              .setMatch(RouteMatch.newBuilder().setPath(path))
              .setRoute(RouteAction.newBuilder().setCluster(ADMIN_CLUSTER)));
    }
    HttpConnectionManager hcm =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("stats")
            .setRouteConfig(RouteConfiguration.newBuilder().setName("stats").addVirtualHosts(host))
            .addHttpFilters(
                HttpFilter.newBuilder()
                    .setName("envoy.filters.http.router")
                    .setTypedConfig(Any.pack(Router.getDefaultInstance())))
            .build();
    return Listener.newBuilder()
        .setName("stats")
        .setAddress(address("0.0.0.0", settings.statsPort()))
        .addFilterChains(
            FilterChain.newBuilder()
                .addFilters(
                    Filter.newBuilder()
                        .setName("envoy.http_connection_manager")
                        .setTypedConfig(Any.pack(hcm))))
        .build();
  }

  private static Cluster xdsCluster(BootstrapSettings settings) {
    HttpProtocolOptions http2 =
        HttpProtocolOptions.newBuilder()
            .setExplicitHttpConfig(
                HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                    .setHttp2ProtocolOptions(
                        Http2ProtocolOptions.newBuilder()
                            .setConnectionKeepalive(
                                KeepaliveSettings.newBuilder()
                                    .setInterval(seconds(30))
                                    .setTimeout(seconds(5)))))
            .build();
    Cluster.Builder cluster =
        Cluster.newBuilder()
            .setName(XDS_CLUSTER)
            .setType(Cluster.DiscoveryType.STRICT_DNS)
            .setConnectTimeout(seconds(2))
            .putTypedExtensionProtocolOptions(
                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.pack(http2))
            .setLoadAssignment(assignment(XDS_CLUSTER, settings.xdsHost(), settings.xdsPort()));
    settings
        .xdsTls()
        .ifPresent(
            tls ->
                cluster.setTransportSocket(
                    TransportSocket.newBuilder()
                        .setName("envoy.transport_sockets.tls")
                        .setTypedConfig(
                            Any.pack(
                                UpstreamTlsContext.newBuilder()
                                    .setSni(settings.xdsHost())
                                    .setCommonTlsContext(
                                        CommonTlsContext.newBuilder()
                                            .addAlpnProtocols("h2")
                                            .addTlsCertificates(
                                                TlsCertificate.newBuilder()
                                                    .setCertificateChain(
                                                        file(tls.certificateChainFile()))
                                                    .setPrivateKey(file(tls.privateKeyFile())))
                                            .setValidationContext(
                                                CertificateValidationContext.newBuilder()
                                                    .setTrustedCa(file(tls.trustedCaFile()))))
                                    .build()))));
    return cluster.build();
  }

  private static Cluster adminCluster(BootstrapSettings settings) {
    return Cluster.newBuilder()
        .setName(ADMIN_CLUSTER)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(seconds(1))
        .setLoadAssignment(assignment(ADMIN_CLUSTER, "127.0.0.1", settings.adminPort()))
        .build();
  }

  private static OverloadManager overloadManager(BootstrapSettings settings) {
    return OverloadManager.newBuilder()
        .setRefreshInterval(Duration.newBuilder().setNanos(250_000_000))
        .addResourceMonitors(
            ResourceMonitor.newBuilder()
                .setName(FIXED_HEAP)
                .setTypedConfig(
                    Any.pack(
                        FixedHeapConfig.newBuilder()
                            .setMaxHeapSizeBytes(settings.maxHeapBytes())
                            .build())))
        .addResourceMonitors(
            ResourceMonitor.newBuilder()
                .setName(DOWNSTREAM_CONNECTIONS)
                .setTypedConfig(
                    Any.pack(
                        DownstreamConnectionsConfig.newBuilder()
                            .setMaxActiveDownstreamConnections(settings.maxDownstreamConnections())
                            .build())))
        .addActions(action("envoy.overload_actions.shrink_heap", 0.95))
        .addActions(action("envoy.overload_actions.stop_accepting_requests", 0.98))
        .build();
  }

  private static OverloadAction action(String name, double threshold) {
    return OverloadAction.newBuilder()
        .setName(name)
        .addTriggers(
            Trigger.newBuilder()
                .setName(FIXED_HEAP)
                .setThreshold(ThresholdTrigger.newBuilder().setValue(threshold)))
        .build();
  }

  private static ClusterLoadAssignment assignment(String cluster, String host, int port) {
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(cluster)
        .addEndpoints(
            LocalityLbEndpoints.newBuilder()
                .addLbEndpoints(
                    LbEndpoint.newBuilder()
                        .setEndpoint(Endpoint.newBuilder().setAddress(address(host, port)))))
        .build();
  }

  private static Address address(String host, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
        .build();
  }

  private static DataSource file(String path) {
    return DataSource.newBuilder().setFilename(path).build();
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }
}
