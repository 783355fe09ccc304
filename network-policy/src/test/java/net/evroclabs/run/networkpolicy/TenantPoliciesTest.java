package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantPoliciesTest {

  private static List<String> names(List<NetworkPolicy> policies) {
    return policies.stream().map(p -> p.getMetadata().getName()).toList();
  }

  @Test
  void oneDefaultDenyPlusOneIngressPolicyPerRevisionSortedByName() {
    TenantNamespace tenant =
        new TenantNamespace(
            "team-a",
            List.of(
                new RevisionPort("shop-00001", 9000),
                new RevisionPort("hello-00002", 8080),
                new RevisionPort("hello-00001", 8080)));

    List<NetworkPolicy> policies = TenantPolicies.build(Fixtures.SYSTEM, tenant);

    assertThat(names(policies))
        .containsExactly(
            "run-revision-hello-00001",
            "run-revision-hello-00002",
            "run-revision-shop-00001",
            "run-workloads-deny-all");
    assertThat(policies).allMatch(p -> p.getMetadata().getNamespace().equals("team-a"));
    assertThat(policies.get(2))
        .isEqualTo(
            RevisionIngress.build(Fixtures.SYSTEM, "team-a", new RevisionPort("shop-00001", 9000)));
    assertThat(policies.get(3)).isEqualTo(WorkloadDefaultDeny.build("team-a"));
  }

  @Test
  void aNamespaceWithoutRevisionsStillDeniesEverything() {
    assertThat(
            names(TenantPolicies.build(Fixtures.SYSTEM, new TenantNamespace("empty", List.of()))))
        .containsExactly("run-workloads-deny-all");
  }

  @Test
  void equalInputsGiveEqualPolicies() {
    TenantNamespace tenant =
        new TenantNamespace("team-a", List.of(new RevisionPort("hello-00001", 8080)));

    assertThat(TenantPolicies.build(Fixtures.SYSTEM, tenant))
        .isEqualTo(TenantPolicies.build(Fixtures.SYSTEM, tenant));
  }
}
