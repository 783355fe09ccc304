package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.NS;
import static net.evroclabs.run.controller.kube.EmulatedCluster.ready;
import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.TrafficStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// The kubelet and controllers in try-with-resources run for the test without being referenced.
@SuppressWarnings("try")
class RestartIT {

  private static final String V1 = "registry.example/hello:1.0";
  private static final String V2 = "registry.example/hello:2.0";

  private EmulatedCluster cluster;
  private SimulatedKubelet kubelet;
  private SharedIndexInformer<Service> watch;
  private final Set<List<TrafficStatus>> routed = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() {
    cluster = EmulatedCluster.start();
    kubelet = new SimulatedKubelet(cluster.client);
    watch = cluster.client.resources(Service.class).inNamespace(NS).inform();
    watch.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Service s) {
            record(s);
          }

          @Override
          public void onUpdate(Service before, Service s) {
            record(s);
          }

          @Override
          public void onDelete(Service s, boolean unknown) {}
        });
  }

  private void record(Service s) {
    if (s.getStatus() != null && !s.getStatus().getTraffic().isEmpty()) {
      routed.add(List.copyOf(s.getStatus().getTraffic()));
    }
  }

  @AfterEach
  void stop() {
    watch.close();
    kubelet.close();
    cluster.close();
  }

  @Test
  void restartMidRolloutCreatesNoDuplicateRevisionAndKeepsTrafficSteady() {
    kubelet.behave(V2, SimulatedKubelet.Behaviour.NOTHING);
    try (KubeController first =
        cluster.startController("controller-0", PlatformConfig.defaults())) {
      cluster.create("hello", spec(V1));
      cluster.awaitService("hello", EmulatedCluster::ready);
      cluster.edit("hello", s -> s.getTemplate().getContainer().setImage(V2));
      cluster.awaitService(
          "hello", s -> "hello-00002".equals(s.getStatus().getLatestCreatedRevisionName()));
    }

    try (KubeController second =
        cluster.startController("controller-1", PlatformConfig.defaults())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> second.controller().leading());
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> cluster.revisions("hello").size() == 2);
      assertThat(cluster.service("hello").getStatus().getTraffic())
          .containsExactly(new TrafficStatus("hello-00001", true, 100, null, null));

      kubelet.behave(V2, SimulatedKubelet.Behaviour.READY);
      kubelet.recheck(NS, "hello-00002");
      cluster.awaitService(
          "hello",
          s ->
              ready(s)
                  && "hello-00002".equals(s.getStatus().getTraffic().get(0).getRevisionName()));
    }

    assertThat(cluster.revisions("hello"))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("hello-00001", "hello-00002");
    assertThat(cluster.client.apps().deployments().inNamespace(NS).list().getItems()).hasSize(2);
    assertThat(routed)
        .containsExactlyInAnyOrder(
            List.of(new TrafficStatus("hello-00001", true, 100, null, null)),
            List.of(new TrafficStatus("hello-00002", true, 100, null, null)));
  }

  @Test
  void twoControllersReconcilingTheSameServicesCreateEachRevisionOnce() {
    // Two instances that both believe they lead (as during a lease hand-over race) still agree:
    // names are deterministic and creation is create-if-absent.
    try (KubeController a = cluster.startController("controller-a", PlatformConfig.defaults());
        KubeController b =
            KubeController.start(
                cluster.client,
                PlatformConfig.defaults(),
                new net.evroclabs.run.controller.PublishedRoutes(),
                EmulatedCluster.options("controller-b").withLeaseName("other-lease"),
                java.time.Clock.systemUTC())) {
      for (int i = 0; i < 10; i++) {
        cluster.create("svc-" + i, spec(V1));
      }
      for (int i = 0; i < 10; i++) {
        cluster.awaitService("svc-" + i, EmulatedCluster::ready);
      }
      for (int i = 0; i < 10; i++) {
        int n = i;
        cluster.edit("svc-" + n, s -> s.getTemplate().getContainer().setImage(V2));
      }
      for (int i = 0; i < 10; i++) {
        cluster.awaitService(
            "svc-" + i,
            s -> ready(s) && s.getStatus().getLatestReadyRevisionName().endsWith("-00002"));
      }
      for (int i = 0; i < 10; i++) {
        assertThat(cluster.revisions("svc-" + i)).hasSize(2);
      }
    }
  }

  @Test
  void changedPlatformConfigUpdatesExistingPodTemplatesButLeavesReplicasToTheScaler() {
    PlatformConfig d = PlatformConfig.defaults();
    PlatformConfig bigger =
        new PlatformConfig(
            d.domain(),
            d.domainTemplate(),
            d.tagTemplate(),
            d.tlsSecret(),
            d.reservedPorts(),
            new PlatformConfig.Resources("500m", "1Gi"),
            d.maxResources(),
            d.scratchSizeLimit(),
            d.autoscaling(),
            d.revisionHistoryLimit(),
            d.activatorQueueLimit(),
            d.preStopDelay(),
            d.progressDeadline(),
            d.workloadPodCidrs());
    try (KubeController first = cluster.startController("controller-0", d)) {
      cluster.create("hello", spec(V1));
      cluster.awaitService("hello", EmulatedCluster::ready);
    }
    cluster.client.apps().deployments().inNamespace(NS).withName("hello-00001").scale(4);

    try (KubeController second = cluster.startController("controller-1", bigger)) {
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  "1Gi"
                      .equals(
                          cluster
                              .deployment("hello-00001")
                              .getSpec()
                              .getTemplate()
                              .getSpec()
                              .getContainers()
                              .get(0)
                              .getResources()
                              .getLimits()
                              .get("memory")
                              .toString()));
    }

    assertThat(cluster.deployment("hello-00001").getSpec().getReplicas()).isEqualTo(4);
    assertThat(cluster.revisions("hello")).hasSize(1);
  }
}
