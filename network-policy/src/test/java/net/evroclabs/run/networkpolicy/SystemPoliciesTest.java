package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemPoliciesTest {

  @Test
  void isTheDefaultDenyAndOnePolicyPerComponentSortedByName() {
    List<NetworkPolicy> policies = SystemPolicies.build(Fixtures.SYSTEM);

    assertThat(policies)
        .containsExactly(
            ActivatorPolicy.build(Fixtures.SYSTEM),
            GatewayPolicy.build(Fixtures.SYSTEM),
            ScalerPolicy.build(Fixtures.SYSTEM),
            SystemDefaultDeny.build(Fixtures.SYSTEM),
            XdsServerPolicy.build(Fixtures.SYSTEM));
  }

  @Test
  void everyPolicyIsInTheSystemNamespaceAndLabelledAsManaged() {
    assertThat(SystemPolicies.build(Fixtures.SYSTEM))
        .allSatisfy(
            policy -> {
              assertThat(policy.getMetadata().getNamespace()).isEqualTo("run-system");
              assertThat(policy.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/managed-by", "evroc-run")
                  .containsEntry("run.evroclabs.net/policy-scope", "system");
              assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
            });
  }
}
