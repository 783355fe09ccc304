package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.NS;
import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import org.junit.jupiter.api.Test;

// The kubelet and controllers in try-with-resources run for the test without being referenced.
@SuppressWarnings("try")
class ManyServicesIT {

  private static final int SERVICES = 200;

  @Test
  void twoHundredServicesCreatedAtOnceAllBecomeReadyWithOneRevisionEach() {
    try (EmulatedCluster cluster = EmulatedCluster.start();
        SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client);
        KubeController controller =
            cluster.startController("controller-0", PlatformConfig.defaults())) {
      for (int i = 0; i < SERVICES; i++) {
        cluster.create("svc-" + i, spec("registry.example/app-" + i + ":1.0"));
      }

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  cluster.client.resources(Service.class).inNamespace(NS).list().getItems().stream()
                          .filter(EmulatedCluster::ready)
                          .count()
                      == SERVICES);

      List<Revision> revisions =
          cluster.client.resources(Revision.class).inNamespace(NS).list().getItems();
      Map<String, Long> perService =
          revisions.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.getMetadata().getLabels().get(Labels.SERVICE), Collectors.counting()));
      assertThat(perService).hasSize(SERVICES);
      assertThat(perService.values()).allMatch(n -> n == 1);
      assertThat(cluster.client.apps().deployments().inNamespace(NS).list().getItems())
          .hasSize(SERVICES);
      assertThat(controller.controller().failedReconciles()).isZero();
    }
  }
}
