package net.evroclabs.run.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Duration;
import java.util.List;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import org.junit.jupiter.api.Test;

class TenantIsolationIT {

  private static List<String> policyNames(EmulatedCluster cluster) {
    return cluster
        .client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(EmulatedCluster.NS)
        .list()
        .getItems()
        .stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  @Test
  void aNamespaceIsIsolatedWhileItHoldsAServiceAndReleasedAfter() {
    try (EmulatedCluster cluster = EmulatedCluster.start();
        KubeController controller = cluster.startController("a", PlatformConfig.defaults())) {
      cluster.create("hello", EmulatedCluster.spec("registry.example/hello:1.0"));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(policyNames(cluster))
                      .containsExactly("run-revision-hello-00001", "run-workloads-deny-all"));
      NetworkPolicy denyAll =
          cluster
              .client
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(EmulatedCluster.NS)
              .withName("run-workloads-deny-all")
              .get();
      assertThat(denyAll.getSpec().getPolicyTypes()).contains("Egress", "Ingress");

      cluster
          .client
          .resources(Service.class)
          .inNamespace(EmulatedCluster.NS)
          .withName("hello")
          .delete();
      // Without a garbage collector in the emulator, the owned Revision stays; only the Service
      // decides whether the namespace is a tenant.
      await().atMost(Duration.ofSeconds(20)).until(() -> policyNames(cluster).isEmpty());
      assertThat(controller.controller().leading()).isTrue();
    }
  }
}
