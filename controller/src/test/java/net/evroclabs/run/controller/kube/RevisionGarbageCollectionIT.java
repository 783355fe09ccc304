package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.NS;
import static net.evroclabs.run.controller.kube.EmulatedCluster.ready;
import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.TrafficTarget;
import org.junit.jupiter.api.Test;

// The kubelet and controllers in try-with-resources run for the test without being referenced.
@SuppressWarnings("try")
class RevisionGarbageCollectionIT {

  @Test
  void keepsReferencedRevisionsAndTheNewestOthersAndDeletesTheRest() {
    PlatformConfig d = PlatformConfig.defaults();
    PlatformConfig keepOne =
        new PlatformConfig(
            d.domain(),
            d.domainTemplate(),
            d.tagTemplate(),
            d.tlsSecret(),
            d.reservedPorts(),
            d.defaultResources(),
            d.maxResources(),
            d.scratchSizeLimit(),
            d.autoscaling(),
            1,
            d.activatorQueueLimit(),
            d.preStopDelay(),
            d.progressDeadline(),
            d.workloadPodCidrs());
    try (EmulatedCluster cluster = EmulatedCluster.start();
        SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client);
        KubeController controller = cluster.startController("controller-0", keepOne)) {
      cluster.create("hello", spec("registry.example/hello:1"));
      cluster.awaitService("hello", EmulatedCluster::ready);
      // Each edit waits for its revision: edits that arrive together are one template change to the
      // controller, which makes one revision of the newest.
      for (int v = 2; v <= 5; v++) {
        String image = "registry.example/hello:" + v;
        String expected = "hello-0000" + v;
        boolean first = v == 2;
        cluster.edit(
            "hello",
            s -> {
              s.getTemplate().getContainer().setImage(image);
              if (first) {
                s.setTraffic(
                    List.of(TrafficTarget.pinned("hello-00001", 50), TrafficTarget.latest(50)));
              }
            });
        cluster.awaitService(
            "hello", s -> ready(s) && expected.equals(s.getStatus().getLatestReadyRevisionName()));
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(cluster.revisions("hello"))
                      .extracting(r -> r.getMetadata().getName())
                      .containsExactlyInAnyOrder("hello-00001", "hello-00004", "hello-00005"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(cluster.client.apps().deployments().inNamespace(NS).list().getItems())
                      .extracting(x -> x.getMetadata().getName())
                      .containsExactlyInAnyOrder("hello-00001", "hello-00004", "hello-00005"));
    }
  }
}
