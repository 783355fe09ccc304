package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.envoy.bootstrap.BootstrapSettings;
import net.evroclabs.run.envoy.bootstrap.GatewayBootstrap;
import net.evroclabs.run.envoy.bootstrap.XdsTls;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.model.UpstreamProtocol;
import net.evroclabs.run.networkpolicy.Cidr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgvValidationTest {

  private static PgvValidator validator;

  @BeforeAll
  static void loadValidator() {
    validator = PgvValidator.load();
  }

  @AfterAll
  static void closeValidator() throws Exception {
    validator.close();
  }

  @Test
  void everyResourceOfEveryGroupPassesEnvoysValidationRules() {
    RoutedService split = Fixtures.helloSplit();
    RoutedService grpc =
        new RoutedService(
            "team-b",
            "grpc",
            "svc-b2.run.example.net",
            split.traffic(),
            List.of(),
            List.of(
                new RevisionRoute("hello-00001", UpstreamProtocol.H2C, 30, 8, List.of()),
                new RevisionRoute(
                    "hello-00002",
                    UpstreamProtocol.H2C,
                    600,
                    1,
                    split.revisions().get(1).endpoints())));
    RoutingModel model =
        new RoutingModel(
            GatewaySettings.defaults()
                .withWorkloadCidrs(List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00::/64")))
                .withTrustedHops(2),
            List.of(split, grpc, otherHello()),
            Fixtures.ACTIVATOR,
            List.of(Fixtures.CERTIFICATE));

    EnvoyConfig config = EnvoyTranslator.translateOnce(model);

    List<String> violations = new ArrayList<>();
    for (NodeGroup group : NodeGroup.values()) {
      for (Message resource : config.group(group).all()) {
        violations.addAll(validator.violations(resource));
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theGatewayBootstrapPassesEnvoysValidationRules() {
    BootstrapSettings mtls =
        BootstrapSettings.defaults().withXdsTls(new XdsTls("/tls.crt", "/tls.key", "/ca.crt"));

    assertThat(validator.violations(GatewayBootstrap.bootstrap(BootstrapSettings.defaults())))
        .isEmpty();
    assertThat(validator.violations(GatewayBootstrap.bootstrap(mtls))).isEmpty();
  }

  @Test
  void theValidatorRejectsAVirtualHostWithoutDomains() {
    RouteConfiguration invalid =
        ProtoYaml.parse(
            """
            name: broken
            virtual_hosts:
            - name: no-domains
              routes: [{match: {prefix: /}, direct_response: {status: 404}}]
            """,
            RouteConfiguration.newBuilder());

    assertThat(validator.violations(invalid))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("domains");
  }

  @Test
  void theValidatorLooksInsidePackedConnectionManagers() {
    Listener invalid =
        ProtoYaml.parse(
            """
            name: broken
            api_listener:
              api_listener:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ""
                route_config: {name: r}
            """,
            Listener.newBuilder());

    assertThat(validator.violations(invalid))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("HttpConnectionManager")
        .contains("stat_prefix");
  }

  private static RoutedService otherHello() {
    RoutedService hello = Fixtures.hello();
    return new RoutedService(
        "team-c", "hello", "svc-c3.run.example.net", hello.traffic(), List.of(), hello.revisions());
  }
}
