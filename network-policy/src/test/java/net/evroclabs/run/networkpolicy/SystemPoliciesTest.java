package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemPoliciesTest {

  @Test
  void isTheDefaultDenyOnePolicyPerComponentAndApiServerEgressSortedByName() {
    List<NetworkPolicy> policies = SystemPolicies.build(Fixtures.SYSTEM);

    assertThat(policies)
        .containsExactly(
            ActivatorPolicy.build(Fixtures.SYSTEM),
            GatewayPolicy.build(Fixtures.SYSTEM),
            ScalerPolicy.build(Fixtures.SYSTEM),
            ApiServerEgress.build(Fixtures.SYSTEM, Fixtures.SYSTEM.scaler()),
            SystemDefaultDeny.build(Fixtures.SYSTEM),
            XdsServerPolicy.build(Fixtures.SYSTEM),
            ApiServerEgress.build(Fixtures.SYSTEM, Fixtures.SYSTEM.xdsServer()));
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
            });
  }

  @Test
  void onlyTheApiServerEgressDependsOnTheCluster() {
    SystemTopology otherCluster =
        SystemTopology.defaults(
            new ApiServer(List.of(Cidr.parse("192.168.10.4/32")), List.of(443)));

    List<NetworkPolicy> here = SystemPolicies.build(Fixtures.SYSTEM);
    List<NetworkPolicy> there = SystemPolicies.build(otherCluster);

    List<String> differing =
        here.stream()
            .filter(policy -> !there.contains(policy))
            .map(policy -> policy.getMetadata().getName())
            .toList();
    assertThat(differing)
        .containsExactly("run-scaler-to-api-server", "run-xds-server-to-api-server");
  }
}
