package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TrafficTarget;
import org.junit.jupiter.api.Test;

class RouteConfigurationFactoryTest {

  private final RouteConfigurationFactory factory =
      new RouteConfigurationFactory(GatewaySettings.defaults());

  @Test
  void splitWithTagGetsAWeightedMainHostATagHostAndAMisdirectedCatchAll() {
    RoutedService service = Fixtures.helloSplit();

    RouteConfiguration actual =
        factory.forService(service.key(), VirtualHostFactory.virtualHosts(service));

    assertThat(actual)
        .isEqualTo(
            ProtoYaml.parse(
                """
                name: routes/team-a/hello
                virtual_hosts:
                - name: team-a/hello
                  domains: [svc-k3x9q2m7ab.run.example.net]
                  request_headers_to_remove: [x-run-revision]
                  routes:
                  - name: team-a/hello
                    match: {prefix: /}
                    route:
                      weighted_clusters:
                        clusters:
                        - name: team-a/hello-00002
                          weight: 90
                          request_headers_to_add:
                          - header: {key: x-run-revision, value: team-a/hello-00002}
                            append_action: OVERWRITE_IF_EXISTS_OR_ADD
                        - name: team-a/hello-00001
                          weight: 10
                          request_headers_to_add:
                          - header: {key: x-run-revision, value: team-a/hello-00001}
                            append_action: OVERWRITE_IF_EXISTS_OR_ADD
                      timeout: 300s
                      idle_timeout: 300s
                      retry_policy: {retry_on: "connect-failure,refused-stream", num_retries: 2}
                - name: team-a/hello/tag/previous
                  domains: [previous-svc-k3x9q2m7ab.run.example.net]
                  request_headers_to_remove: [x-run-revision]
                  routes:
                  - name: team-a/hello/tag/previous
                    match: {prefix: /}
                    route:
                      weighted_clusters:
                        clusters:
                        - name: team-a/hello-00001
                          weight: 100
                          request_headers_to_add:
                          - header: {key: x-run-revision, value: team-a/hello-00001}
                            append_action: OVERWRITE_IF_EXISTS_OR_ADD
                      timeout: 300s
                      idle_timeout: 300s
                      retry_policy: {retry_on: "connect-failure,refused-stream", num_retries: 2}
                - name: misdirected
                  domains: ["*"]
                  request_headers_to_remove: [x-run-revision]
                  routes:
                  - name: misdirected
                    match: {prefix: /}
                    direct_response:
                      status: 421
                      body: {inline_string: "misdirected request: this connection was opened for another host, retry on a new one\\n"}
                response_headers_to_add:
                - header: {key: strict-transport-security, value: max-age=31536000}
                  append_action: OVERWRITE_IF_EXISTS_OR_ADD
                """,
                RouteConfiguration.newBuilder()));
  }

  @Test
  void zeroPercentTargetsAreLeftOutAndRepeatedRevisionsAreMerged() {
    RoutedService split = Fixtures.helloSplit();
    RoutedService service =
        new RoutedService(
            split.namespace(),
            split.name(),
            split.host(),
            List.of(
                new TrafficTarget("hello-00002", 60),
                new TrafficTarget("hello-00001", 0),
                new TrafficTarget("hello-00002", 40)),
            List.of(),
            split.revisions());

    VirtualHost main = VirtualHostFactory.virtualHosts(service).get(0);

    var clusters = main.getRoutes(0).getRoute().getWeightedClusters().getClustersList();
    assertThat(clusters).hasSize(1);
    assertThat(clusters.get(0).getName()).isEqualTo("team-a/hello-00002");
    assertThat(clusters.get(0).getWeight().getValue()).isEqualTo(100);
    assertThat(main.getRoutes(0).getRoute().getTimeout().getSeconds())
        .as("timeout of the only routed revision")
        .isEqualTo(60);
  }

  @Test
  void unknownHostsGet404WithAShortBody() {
    assertThat(factory.unknownHost())
        .isEqualTo(
            ProtoYaml.parse(
                """
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
                """,
                RouteConfiguration.newBuilder()));
  }
}
