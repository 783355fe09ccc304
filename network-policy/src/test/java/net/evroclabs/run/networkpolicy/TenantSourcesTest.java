package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantSourcesTest {

  @Test
  void theDefaultSourcesAreTheShippedSystemsGatewayAndActivator() {
    assertThat(TenantSources.defaults()).isEqualTo(TenantSources.of(Fixtures.SYSTEM));
  }

  @Test
  void tenantPoliciesFromSourcesEqualThoseFromTheWholeTopology() {
    TenantNamespace tenant =
        new TenantNamespace("team-a", List.of(new RevisionPort("hello-00001", 8080)));
    assertThat(TenantPolicies.build(TenantSources.defaults(), tenant))
        .isEqualTo(TenantPolicies.build(Fixtures.SYSTEM, tenant));
  }

  @Test
  void aBadSystemNamespaceIsNamed() {
    assertThatThrownBy(
            () ->
                new TenantSources(
                    "Run System", SystemTopology.DEFAULT_GATEWAY, SystemTopology.DEFAULT_ACTIVATOR))
        .hasMessageContaining("Run System");
  }
}
