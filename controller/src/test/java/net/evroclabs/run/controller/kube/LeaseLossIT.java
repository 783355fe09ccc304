package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import net.evroclabs.run.api.PlatformConfig;
import org.junit.jupiter.api.Test;

// The kubelet and controllers in try-with-resources run for the test without being referenced.
@SuppressWarnings("try")
class LeaseLossIT {

  @Test
  void leaderThatLosesItsLeaseStandsByAndLeadsAgainOnceTheLeaseIsFree() {
    try (EmulatedCluster cluster = EmulatedCluster.start();
        SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client);
        KubeController controller =
            cluster.startController("controller-0", PlatformConfig.defaults())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> controller.controller().leading());

      cluster
          .client
          .leases()
          .inNamespace("run-system")
          .withName("run-controller")
          .edit(
              lease -> {
                lease.getSpec().setHolderIdentity("intruder");
                return lease;
              });

      await().atMost(Duration.ofSeconds(15)).until(() -> !controller.controller().leading());
      await().atMost(Duration.ofSeconds(20)).until(() -> controller.controller().leading());
      cluster.create("hello", spec("registry.example/hello:1.0"));
      cluster.awaitService("hello", EmulatedCluster::ready);
    }
  }
}
