package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import net.evroclabs.run.envoy.bootstrap.StaticBootstrap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaticBootstrapTest {

  private static PgvValidator validator;

  @BeforeAll
  static void loadValidator() {
    validator = PgvValidator.load();
  }

  @AfterAll
  static void closeValidator() throws Exception {
    validator.close();
  }

  private final GroupResources gateway =
      EnvoyTranslator.translateOnce(Fixtures.model(Fixtures.helloSplit(), Fixtures.helloOther()))
          .gateway();

  @Test
  void routesAreInlinedClustersAreStaticAndSecretsNeedNoSds() throws Exception {
    Bootstrap bootstrap = StaticBootstrap.of(gateway, 9901);

    assertThat(bootstrap.hasDynamicResources()).isFalse();
    var https = bootstrap.getStaticResources().getListeners(0);
    assertThat(https.getFilterChainsCount()).isEqualTo(2);
    for (var chain : https.getFilterChainsList()) {
      HttpConnectionManager hcm =
          chain.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
      assertThat(hcm.hasRds()).isFalse();
      assertThat(hcm.getRouteConfig())
          .isEqualTo(
              gateway.routes().stream()
                  .filter(r -> r.getName().equals("routes/" + chain.getName()))
                  .findFirst()
                  .orElseThrow());
      DownstreamTlsContext tls =
          chain.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
      assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigs(0).hasSdsConfig())
          .isFalse();
    }
    for (Cluster c : bootstrap.getStaticResources().getClustersList()) {
      assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
      assertThat(c.getLoadAssignment().getClusterName()).isEqualTo(c.getName());
    }
    assertThat(bootstrap.getStaticResources().getSecretsList()).isEqualTo(gateway.secrets());
    assertThat(EnvoyJson.print(bootstrap)).doesNotContain("\"ads\"");
  }

  @Test
  void theStaticBootstrapPassesEnvoysValidationRules() {
    assertThat(validator.violations(StaticBootstrap.of(gateway, 9901))).isEmpty();
  }
}
