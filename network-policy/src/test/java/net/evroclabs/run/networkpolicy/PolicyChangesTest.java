package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyChangesTest {

  private final List<NetworkPolicy> desired =
      TenantPolicies.build(
          Fixtures.SYSTEM,
          new TenantNamespace("team-a", List.of(new RevisionPort("hello-00002", 8080))));

  @Test
  void appliesEveryDesiredPolicyAndDeletesManagedOnesNoLongerDesired() {
    PolicyChanges changes =
        PolicyChanges.between(
            desired,
            Set.of(
                "run-workloads-deny-all", "run-revision-hello-00001", "run-revision-gone-00001"));

    assertThat(changes.apply()).isEqualTo(desired);
    assertThat(changes.delete())
        .containsExactly("run-revision-gone-00001", "run-revision-hello-00001");
  }

  @Test
  void nothingIsDeletedWhenTheNamespaceIsUpToDate() {
    PolicyChanges changes =
        PolicyChanges.between(
            desired, Set.of("run-workloads-deny-all", "run-revision-hello-00002"));

    assertThat(changes.delete()).isEmpty();
  }

  @Test
  void aNamespaceWithoutServicesLosesEveryManagedPolicy() {
    PolicyChanges changes =
        PolicyChanges.between(
            List.of(), Set.of("run-workloads-deny-all", "run-revision-hello-00002"));

    assertThat(changes.apply()).isEmpty();
    assertThat(changes.delete())
        .containsExactly("run-revision-hello-00002", "run-workloads-deny-all");
  }
}
