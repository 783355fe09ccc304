package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsolationPoliciesTest {

  @Test
  void isTheSystemPoliciesPlusEachTenantsSortedByNamespaceThenName() {
    TenantNamespace teamB =
        new TenantNamespace("team-b", List.of(new RevisionPort("api-00001", 8080)));
    TenantNamespace teamA =
        new TenantNamespace("team-a", List.of(new RevisionPort("web-00003", 9000)));

    List<NetworkPolicy> policies =
        IsolationPolicies.build(new IsolationInput(Fixtures.SYSTEM, List.of(teamB, teamA)));

    List<NetworkPolicy> expected = new ArrayList<>();
    expected.addAll(SystemPolicies.build(Fixtures.SYSTEM));
    expected.addAll(TenantPolicies.build(Fixtures.SYSTEM, teamA));
    expected.addAll(TenantPolicies.build(Fixtures.SYSTEM, teamB));
    assertThat(policies).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(
            policies.stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()))
        .containsExactly(
            "run-system/run-activator",
            "run-system/run-gateway",
            "run-system/run-scaler",
            "run-system/run-scaler-to-api-server",
            "run-system/run-system-deny-all",
            "run-system/run-xds-server",
            "run-system/run-xds-server-to-api-server",
            "team-a/run-revision-web-00003",
            "team-a/run-workloads-deny-all",
            "team-b/run-revision-api-00001",
            "team-b/run-workloads-deny-all");
  }

  @Test
  void withoutTenantsOnlyTheSystemPoliciesRemain() {
    assertThat(IsolationPolicies.build(new IsolationInput(Fixtures.SYSTEM, List.of())))
        .isEqualTo(SystemPolicies.build(Fixtures.SYSTEM));
  }
}
