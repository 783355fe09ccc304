package net.evroclabs.run.envoy.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Optional;
import net.evroclabs.run.envoy.translate.EnvoyJson;
import org.junit.jupiter.api.Test;

class GatewayBootstrapTest {

  private static final String EXPECTED_DEFAULTS =
      """
      node: {id: gateway, cluster: gateway}
      admin:
        address: {socket_address: {address: 127.0.0.1, port_value: 9901}}
      dynamic_resources:
        ads_config:
          api_type: DELTA_GRPC
          transport_api_version: V3
          set_node_on_first_message_only: true
          grpc_services: [{envoy_grpc: {cluster_name: xds-server}}]
        cds_config: {ads: {}, resource_api_version: V3}
        lds_config: {ads: {}, resource_api_version: V3}
      static_resources:
        listeners:
        - name: stats
          address: {socket_address: {address: 0.0.0.0, port_value: 9000}}
          filter_chains:
          - filters:
            - name: envoy.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: stats
                route_config:
                  name: stats
                  virtual_hosts:
                  - name: stats
                    domains: ["*"]
                    routes:
                    - match: {path: /stats/prometheus}
                      route: {cluster: envoy-admin}
                    - match: {path: /ready}
                      route: {cluster: envoy-admin}
                http_filters:
                - name: envoy.filters.http.router
                  typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
        clusters:
        - name: xds-server
          type: STRICT_DNS
          connect_timeout: 2s
          typed_extension_protocol_options:
            envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
              "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
              explicit_http_config:
                http2_protocol_options:
                  connection_keepalive: {interval: 30s, timeout: 5s}
          load_assignment:
            cluster_name: xds-server
            endpoints:
            - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: {address: xds-server.run-system.svc.cluster.local, port_value: 18000}
        - name: envoy-admin
          type: STATIC
          connect_timeout: 1s
          load_assignment:
            cluster_name: envoy-admin
            endpoints:
            - lb_endpoints:
              - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 9901}}}
      overload_manager:
        refresh_interval: 0.25s
        resource_monitors:
        - name: envoy.resource_monitors.fixed_heap
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig
            max_heap_size_bytes: 1073741824
        - name: envoy.resource_monitors.global_downstream_max_connections
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig
            max_active_downstream_connections: 50000
        actions:
        - name: envoy.overload_actions.shrink_heap
          triggers: [{name: envoy.resource_monitors.fixed_heap, threshold: {value: 0.95}}]
        - name: envoy.overload_actions.stop_accepting_requests
          triggers: [{name: envoy.resource_monitors.fixed_heap, threshold: {value: 0.98}}]
      stats_config:
        histogram_bucket_settings:
        - match: {suffix: upstream_rq_time}
          buckets: [1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 225,
                    250, 300, 350, 400, 500, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000, 30000,
                    60000, 300000, 600000]
      """;

  @Test
  void defaultBootstrapTakesEverythingOverDeltaAdsAndKeepsAdminOnLoopback() {
    assertThat(GatewayBootstrap.bootstrap(BootstrapSettings.defaults()))
        .isEqualTo(parse(EXPECTED_DEFAULTS));
  }

  @Test
  void mutualTlsToXdsServerUsesTheMountedFilesAndCheckstheServerName() {
    Bootstrap bootstrap =
        GatewayBootstrap.bootstrap(
            BootstrapSettings.defaults()
                .withXdsTls(new XdsTls("/etc/xds/tls.crt", "/etc/xds/tls.key", "/etc/xds/ca.crt")));

    Cluster xds = bootstrap.getStaticResources().getClusters(0);
    Cluster expected =
        parse(EXPECTED_DEFAULTS).getStaticResources().getClusters(0).toBuilder()
            .setTransportSocket(
                parse(
                        """
                        static_resources:
                          clusters:
                          - name: xds-server
                            transport_socket:
                              name: envoy.transport_sockets.tls
                              typed_config:
                                "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                                sni: xds-server.run-system.svc.cluster.local
                                common_tls_context:
                                  alpn_protocols: [h2]
                                  tls_certificates:
                                  - certificate_chain: {filename: /etc/xds/tls.crt}
                                    private_key: {filename: /etc/xds/tls.key}
                                  validation_context:
                                    trusted_ca: {filename: /etc/xds/ca.crt}
                        """)
                    .getStaticResources()
                    .getClusters(0)
                    .getTransportSocket())
            .build();
    assertThat(xds).isEqualTo(expected);
  }

  @Test
  void theYamlReadsBackAsTheSameBootstrap() {
    BootstrapSettings settings =
        BootstrapSettings.defaults()
            .withXdsTls(new XdsTls("/etc/xds/tls.crt", "/etc/xds/tls.key", "/etc/xds/ca.crt"));

    String yaml = GatewayBootstrap.yaml(settings);

    assertThat(yaml).startsWith("node:\n  id: gateway\n  cluster: gateway\n");
    assertThat(parse(yaml)).isEqualTo(GatewayBootstrap.bootstrap(settings));
  }

  @Test
  void sotwXdsCanBeChosen() {
    BootstrapSettings d = BootstrapSettings.defaults();
    BootstrapSettings sotw =
        new BootstrapSettings(
            d.nodeId(),
            d.xdsHost(),
            d.xdsPort(),
            Optional.empty(),
            false,
            d.adminPort(),
            d.statsPort(),
            d.maxHeapBytes(),
            d.maxDownstreamConnections());

    assertThat(GatewayBootstrap.bootstrap(sotw).getDynamicResources().getAdsConfig().getApiType())
        .hasToString("GRPC");
  }

  @Test
  void badSettingsAreRejectedNamingTheField() {
    BootstrapSettings d = BootstrapSettings.defaults();
    assertThatThrownBy(
            () ->
                new BootstrapSettings(
                    d.nodeId(), d.xdsHost(), 0, Optional.empty(), true, 9901, 9000, 1L << 30, 1))
        .hasMessage("xdsPort = 0, must be between 1 and 65535");
    assertThatThrownBy(
            () ->
                new BootstrapSettings(
                    d.nodeId(),
                    d.xdsHost(),
                    18000,
                    Optional.empty(),
                    true,
                    9000,
                    9000,
                    1L << 30,
                    1))
        .hasMessage("statsPort = 9000, must differ from adminPort = 9000");
    assertThatThrownBy(() -> new XdsTls("", "k", "c"))
        .hasMessage("xds certificateChainFile = '', must be a file path");
  }

  private static Bootstrap parse(String yaml) {
    try {
      String json = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
      return EnvoyJson.parse(json, Bootstrap.newBuilder()).build();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
