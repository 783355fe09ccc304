package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.networkpolicy.Cidr;
import org.junit.jupiter.api.Test;

class HttpConnectionManagerFactoryTest {

  @Test
  void aServicesConnectionManagerIsPackedExactlyAsPackingItWholeWould() throws Exception {
    for (GatewaySettings settings :
        List.of(
            GatewaySettings.defaults(),
            GatewaySettings.defaults()
                .withTrustedHops(3)
                .withWorkloadCidrs(
                    List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00::/48"))))) {
      Filter filter = new HttpConnectionManagerFactory(settings).https("routes/team-a/hello");

      HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
      assertThat(hcm.getRds().getRouteConfigName()).isEqualTo("routes/team-a/hello");
      assertThat(hcm.getStatPrefix()).isEqualTo("https");
      assertThat(hcm.getXffNumTrustedHops()).isEqualTo(settings.trustedHops());
      assertThat(filter.getTypedConfig()).isEqualTo(Any.pack(hcm));
      assertThat(filter.getTypedConfig().getValue().toByteArray()).isEqualTo(hcm.toByteArray());
    }
  }
}
