package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import net.evroclabs.run.api.PlatformConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderHandoverIT {

  private EmulatedCluster cluster;
  private SimulatedKubelet kubelet;
  private KubeController a;
  private KubeController b;

  @BeforeEach
  void start() {
    cluster = EmulatedCluster.start();
    kubelet = new SimulatedKubelet(cluster.client);
    a = cluster.startController("controller-a", PlatformConfig.defaults());
    await().atMost(Duration.ofSeconds(10)).until(() -> a.controller().leading());
    b = cluster.startController("controller-b", PlatformConfig.defaults());
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
    kubelet.close();
    cluster.close();
  }

  @Test
  void standbyTakesOverWhenTheLeaderStopsAndOnlyTheLeaderReconciles() {
    cluster.create("first", spec("registry.example/hello:1.0"));
    cluster.awaitService("first", EmulatedCluster::ready);
    assertThat(b.controller().leading()).isFalse();
    assertThat(b.controller().reconciles()).isZero();

    a.close();

    await().atMost(Duration.ofSeconds(15)).until(() -> b.controller().leading());
    cluster.create("second", spec("registry.example/hello:1.0"));
    cluster.awaitService("second", EmulatedCluster::ready);
    assertThat(b.controller().reconciles()).isPositive();
    assertThat(cluster.revisions("first")).hasSize(1);
    assertThat(cluster.revisions("second")).hasSize(1);
    assertThat(
            cluster
                .client
                .leases()
                .inNamespace("run-system")
                .withName("run-controller")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("controller-b");
  }
}
