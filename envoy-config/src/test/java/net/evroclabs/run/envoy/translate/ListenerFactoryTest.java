package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.networkpolicy.Cidr;
import org.junit.jupiter.api.Test;

class ListenerFactoryTest {

  private static final String HTTPS_CONNECTION_MANAGER =
      """
          name: envoy.http_connection_manager
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
            stat_prefix: https
            codec_type: AUTO
      %s
            http_filters:
            - name: envoy.filters.http.rbac
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
                rules:
                  action: DENY
                  policies:
                    deny-workload-sources:
                      permissions: [{any: true}]
                      principals:
                      - or_ids:
                          ids:
                          - direct_remote_ip: {address_prefix: 10.244.0.0, prefix_len: 16}
                          - remote_ip: {address_prefix: 10.244.0.0, prefix_len: 16}
            - name: envoy.filters.http.router
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
            use_remote_address: true
            xff_num_trusted_hops: 1
            normalize_path: true
            merge_slashes: true
            path_with_escaped_slashes_action: UNESCAPE_AND_REDIRECT
            strip_any_host_port: true
            request_headers_timeout: 10s
            stream_idle_timeout: 60s
            common_http_protocol_options: {idle_timeout: 300s, headers_with_underscores_action: REJECT_REQUEST}
            max_request_headers_kb: 60
            http2_protocol_options:
              max_concurrent_streams: 100
              initial_stream_window_size: 65536
              initial_connection_window_size: 1048576
            upgrade_configs: [{upgrade_type: websocket}]
            access_log:
            - name: envoy.access_loggers.stdout
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                log_format:
                  json_format:
                    start_time: "%%START_TIME%%"
                    authority: "%%REQ(:AUTHORITY)%%"
                    method: "%%REQ(:METHOD)%%"
                    path: "%%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%%"
                    protocol: "%%PROTOCOL%%"
                    status: "%%RESPONSE_CODE%%"
                    flags: "%%RESPONSE_FLAGS%%"
                    duration_ms: "%%DURATION%%"
                    bytes_received: "%%BYTES_RECEIVED%%"
                    bytes_sent: "%%BYTES_SENT%%"
                    revision: "%%UPSTREAM_CLUSTER%%"
                    upstream: "%%UPSTREAM_HOST%%"
                    client: "%%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%%"
                    user_agent: "%%REQ(USER-AGENT)%%"
                    request_id: "%%REQ(X-REQUEST-ID)%%"
      """;

  private static final String RDS =
      """
      rds:
        config_source: {ads: {}, resource_api_version: V3}
        route_config_name: routes/team-a/hello
      """;

  private static final String UNKNOWN_HOST_ROUTES =
      """
      route_config:
        name: unknown-host
        virtual_hosts:
        - name: unknown-host
          domains: ["*"]
          request_headers_to_remove: [x-run-revision]
          routes:
          - name: unknown-host
            match: {prefix: /}
            direct_response:
              status: 404
              body: {inline_string: "no service is deployed at this host\\n"}
        response_headers_to_add:
        - header: {key: strict-transport-security, value: max-age=31536000}
          append_action: OVERWRITE_IF_EXISTS_OR_ADD
      """;

  private static final String TLS =
      """
          name: envoy.transport_sockets.tls
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
            common_tls_context:
              tls_params: {tls_minimum_protocol_version: TLSv1_2, tls_maximum_protocol_version: TLSv1_3}
              alpn_protocols: [h2, http/1.1]
              tls_certificate_sds_secret_configs:
              - name: run-wildcard-tls
                sds_config: {ads: {}, resource_api_version: V3}
      """;

  private final GatewaySettings settings =
      GatewaySettings.defaults()
          .withWorkloadCidrs(List.of(Cidr.parse("10.244.0.0/16")))
          .withTrustedHops(1);
  private final ListenerFactory factory =
      new ListenerFactory(settings, new RouteConfigurationFactory(settings).unknownHost());

  @Test
  void httpsListenerChoosesTheServiceChainBySniAndFallsBackToTheUnknownHostChain() {
    Listener actual =
        factory.https(
            List.of(
                factory.serviceChain(
                    "team-a/hello", List.of(Fixtures.HOST, "previous-" + Fixtures.HOST))));

    String expected =
        """
        name: https
        address: {socket_address: {address: 0.0.0.0, port_value: 8443}}
        listener_filters:
        - name: envoy.filters.listener.tls_inspector
          typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector}
        filter_chains:
        - name: team-a/hello
          filter_chain_match:
            server_names: [svc-k3x9q2m7ab.run.example.net, previous-svc-k3x9q2m7ab.run.example.net]
          filters:
          - %s
          transport_socket:
        %s
        default_filter_chain:
          name: unknown-host
          filters:
          - %s
          transport_socket:
        %s
        per_connection_buffer_limit_bytes: 32768
        """
            .formatted(
                indentFirst(HTTPS_CONNECTION_MANAGER.formatted(RDS.indent(6).stripTrailing())),
                TLS,
                indentFirst(
                    HTTPS_CONNECTION_MANAGER.formatted(
                        UNKNOWN_HOST_ROUTES.indent(6).stripTrailing())),
                TLS);
    assertThat(actual).isEqualTo(ProtoYaml.parse(expected, Listener.newBuilder()));
  }

  @Test
  void withoutWorkloadRangesThereIsNoRbacFilter() throws Exception {
    ListenerFactory plain =
        new ListenerFactory(
            GatewaySettings.defaults(),
            new RouteConfigurationFactory(GatewaySettings.defaults()).unknownHost());
    Listener https = plain.https(List.of());
    var hcm =
        https
            .getDefaultFilterChain()
            .getFilters(0)
            .getTypedConfig()
            .unpack(
                io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3
                    .HttpConnectionManager.class);
    assertThat(hcm.getHttpFiltersList())
        .extracting(f -> f.getName())
        .containsExactly("envoy.filters.http.router");
  }

  @Test
  void httpListenerRedirectsEveryRequestToHttpsWith301() {
    assertThat(factory.http())
        .isEqualTo(
            ProtoYaml.parse(
                """
                name: http
                address: {socket_address: {address: 0.0.0.0, port_value: 8080}}
                filter_chains:
                - filters:
                  - name: envoy.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: http
                      codec_type: AUTO
                      use_remote_address: true
                      xff_num_trusted_hops: 1
                      request_headers_timeout: 10s
                      stream_idle_timeout: 60s
                      route_config:
                        name: http
                        virtual_hosts:
                        - name: redirect-to-https
                          domains: ["*"]
                          routes:
                          - name: redirect-to-https
                            match: {prefix: /}
                            redirect: {https_redirect: true, response_code: MOVED_PERMANENTLY}
                      access_log:
                      - name: envoy.access_loggers.stdout
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog
                          log_format:
                            json_format:
                              start_time: "%START_TIME%"
                              authority: "%REQ(:AUTHORITY)%"
                              method: "%REQ(:METHOD)%"
                              path: "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%"
                              protocol: "%PROTOCOL%"
                              status: "%RESPONSE_CODE%"
                              flags: "%RESPONSE_FLAGS%"
                              duration_ms: "%DURATION%"
                              bytes_received: "%BYTES_RECEIVED%"
                              bytes_sent: "%BYTES_SENT%"
                              revision: "%UPSTREAM_CLUSTER%"
                              upstream: "%UPSTREAM_HOST%"
                              client: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"
                              user_agent: "%REQ(USER-AGENT)%"
                              request_id: "%REQ(X-REQUEST-ID)%"
                      http_filters:
                      - name: envoy.filters.http.router
                        typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                per_connection_buffer_limit_bytes: 32768
                """,
                Listener.newBuilder()));
  }

  @Test
  void proxylessApiListenerIsNamedByHostAndCarriesTheServiceRoutesInline() {
    RouteConfiguration routes =
        RouteConfiguration.newBuilder().setName("routes/team-a/hello").build();
    assertThat(ListenerFactory.apiListener(Fixtures.HOST, routes))
        .isEqualTo(
            ProtoYaml.parse(
                """
                name: svc-k3x9q2m7ab.run.example.net
                api_listener:
                  api_listener:
                    "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                    stat_prefix: proxyless
                    route_config: {name: routes/team-a/hello}
                    http_filters:
                    - name: envoy.filters.http.router
                      typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                """,
                Listener.newBuilder()));
  }

  /** The connection manager block sits after "- " in a list; its first line loses the indent. */
  private static String indentFirst(String block) {
    return block.stripLeading();
  }
}
