package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.NS;
import static net.evroclabs.run.controller.kube.EmulatedCluster.condition;
import static net.evroclabs.run.controller.kube.EmulatedCluster.ready;
import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import net.evroclabs.run.api.Autoscaling;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.EnvVar;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.api.TrafficTarget;
import net.evroclabs.run.controller.status.RevisionReasons;
import net.evroclabs.run.controller.status.ServiceReasons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerIT {

  private static final String V1 = "registry.example/hello:1.0";
  private static final String V2 = "registry.example/hello:2.0";

  private EmulatedCluster cluster;
  private SimulatedKubelet kubelet;
  private KubeController controller;

  @BeforeEach
  void start() {
    cluster = EmulatedCluster.start();
    kubelet = new SimulatedKubelet(cluster.client);
    controller = cluster.startController("controller-0", PlatformConfig.defaults());
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.controller().leading());
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    kubelet.close();
    cluster.close();
  }

  @Test
  void createdServiceBecomesReadyWithAllTrafficOnItsFirstRevision() {
    Service created = cluster.create("hello", spec(V1));

    Service s = cluster.awaitService("hello", EmulatedCluster::ready);

    assertThat(s.getStatus().getTraffic())
        .containsExactly(new TrafficStatus("hello-00001", true, 100, null, null));
    assertThat(s.getStatus().getLatestCreatedRevisionName()).isEqualTo("hello-00001");
    assertThat(s.getStatus().getLatestReadyRevisionName()).isEqualTo("hello-00001");
    assertThat(s.getStatus().getUrl())
        .matches("https://svc-[a-z0-9]{10}\\.run\\.localhost")
        .contains(net.evroclabs.run.api.Naming.iid(created.getMetadata().getUid()));
    assertThat(condition(s, Conditions.CONFIGURATION_READY).isTrue()).isTrue();
    assertThat(condition(s, Conditions.ROUTES_READY).isTrue()).isTrue();
    Revision r = cluster.revision("hello-00001");
    assertThat(r.getMetadata().getLabels())
        .containsEntry(Labels.SERVICE, "hello")
        .containsEntry(Labels.REVISION, "hello-00001");
    assertThat(r.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(created.getMetadata().getUid());
    assertThat(r.getSpec().getContainer().getImage()).isEqualTo(V1);
    assertThat(r.getSpec().getContainer().getPort()).isEqualTo(8080);
    assertThat(r.getStatus().condition(Conditions.READY).isTrue()).isTrue();
    Deployment d = cluster.deployment("hello-00001");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(r.getMetadata().getUid());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(eventReasons())
                    .contains("RevisionCreated", "RevisionReady", "TrafficShifted"));
  }

  @Test
  void changingEnvCreatesOneNewRevisionThatTakesAllTrafficOnceReady() {
    kubelet.behave(V2, SimulatedKubelet.Behaviour.NOTHING);
    cluster.create("hello", spec(V1));
    cluster.awaitService("hello", EmulatedCluster::ready);

    cluster.edit(
        "hello",
        s -> {
          s.getTemplate().getContainer().setImage(V2);
          s.getTemplate().getContainer().setEnv(List.of(new EnvVar("GREETING", "hi")));
        });
    Service pending =
        cluster.awaitService(
            "hello", s -> "hello-00002".equals(s.getStatus().getLatestCreatedRevisionName()));
    assertThat(pending.getStatus().getTraffic())
        .extracting(TrafficStatus::getRevisionName)
        .containsExactly("hello-00001");

    kubelet.behave(V2, SimulatedKubelet.Behaviour.READY);
    kubelet.recheck(NS, "hello-00002");
    Service s =
        cluster.awaitService(
            "hello",
            x ->
                ready(x)
                    && x.getStatus().getTraffic().size() == 1
                    && x.getStatus().getTraffic().get(0).getRevisionName().equals("hello-00002"));
    assertThat(s.getStatus().getLatestReadyRevisionName()).isEqualTo("hello-00002");
    assertThat(cluster.revisions("hello")).hasSize(2);
    assertThat(
            cluster
                .deployment("hello-00002")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("GREETING"));
  }

  @Test
  void changingOnlyAutoscalingOrTrafficCreatesNoRevision() {
    cluster.create("hello", spec(V1));
    cluster.awaitService("hello", EmulatedCluster::ready);

    Service edited =
        cluster.edit(
            "hello",
            s -> {
              Autoscaling a = new Autoscaling();
              a.setMinScale(2);
              s.setAutoscaling(a);
              s.setTraffic(List.of(TrafficTarget.pinned("hello-00001", 100)));
            });
    cluster.awaitService(
        "hello",
        s ->
            ready(s)
                && s.getStatus()
                    .getObservedGeneration()
                    .equals(edited.getMetadata().getGeneration()));

    assertThat(cluster.revisions("hello")).hasSize(1);
  }

  @Test
  void manualRolloutRampsTaggedRevisionFromZeroToAll() {
    cluster.create("hello", spec(V1));
    cluster.awaitService("hello", EmulatedCluster::ready);

    cluster.edit(
        "hello",
        s -> {
          s.getTemplate().getContainer().setImage(V2);
          s.setTraffic(
              List.of(
                  TrafficTarget.pinned("hello-00001", 100).withTag("current"),
                  TrafficTarget.latest(0).withTag("next")));
        });
    Service s =
        cluster.awaitService(
            "hello",
            x -> ready(x) && "hello-00002".equals(x.getStatus().getLatestReadyRevisionName()));
    assertThat(s.getStatus().getTraffic())
        .extracting(
            TrafficStatus::getRevisionName, TrafficStatus::getPercent, TrafficStatus::getTag)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("hello-00001", 100, "current"),
            org.assertj.core.groups.Tuple.tuple("hello-00002", 0, "next"));
    assertThat(s.getStatus().getTraffic().get(1).getUrl())
        .startsWith("https://next-svc-")
        .endsWith(".run.localhost");

    for (int percent : new int[] {5, 50, 100}) {
      int p = percent;
      cluster.edit(
          "hello",
          x ->
              x.setTraffic(
                  List.of(
                      TrafficTarget.pinned("hello-00001", 100 - p).withTag("current"),
                      TrafficTarget.latest(p).withTag("next"))));
      cluster.awaitService(
          "hello",
          x ->
              ready(x)
                  && x.getStatus().getTraffic().get(1).getPercent() == p
                  && x.getStatus().getTraffic().get(0).getPercent() == 100 - p);
    }
    assertThat(cluster.revisions("hello")).hasSize(2);
  }

  @Test
  void rollbackByPinningAnEarlierRevisionMovesAllTrafficToIt() {
    cluster.create("hello", spec(V1));
    cluster.awaitService("hello", EmulatedCluster::ready);
    cluster.edit("hello", s -> s.getTemplate().getContainer().setImage(V2));
    cluster.awaitService(
        "hello", x -> ready(x) && "hello-00002".equals(x.getStatus().getLatestReadyRevisionName()));

    cluster.edit("hello", s -> s.setTraffic(List.of(TrafficTarget.pinned("hello-00001", 100))));

    Service s =
        cluster.awaitService(
            "hello",
            x ->
                ready(x)
                    && x.getStatus().getTraffic().get(0).getRevisionName().equals("hello-00001"));
    assertThat(s.getStatus().getTraffic())
        .containsExactly(new TrafficStatus("hello-00001", false, 100, null, null));
    assertThat(cluster.revisions("hello")).hasSize(2);
  }

  @Test
  void failedNewRevisionKeepsTrafficOnLastReadyRevisionAndServiceSaysWhy() {
    String missing = "registry.example/does-not-exist:1.0";
    kubelet.behave(missing, SimulatedKubelet.Behaviour.IMAGE_PULL_BACKOFF);
    cluster.create("hello", spec(V1));
    cluster.awaitService("hello", EmulatedCluster::ready);

    cluster.edit("hello", s -> s.getTemplate().getContainer().setImage(missing));

    Service s =
        cluster.awaitService(
            "hello",
            x ->
                condition(x, Conditions.READY) != null
                    && Condition.FALSE.equals(condition(x, Conditions.READY).getStatus()));
    Condition ready = condition(s, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo(ServiceReasons.REVISION_FAILED);
    assertThat(ready.getMessage())
        .contains(
            "hello-00002", "ImagePullBackOff", missing, "Traffic stays on revision hello-00001");
    assertThat(s.getStatus().getTraffic())
        .containsExactly(new TrafficStatus("hello-00001", true, 100, null, null));
    assertThat(s.getStatus().getLatestReadyRevisionName()).isEqualTo("hello-00001");
    assertThat(s.getStatus().getLatestCreatedRevisionName()).isEqualTo("hello-00002");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.deployment("hello-00002").getSpec().getReplicas() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> eventReasons().contains("RevisionFailed"));
  }

  @Test
  void crashingContainerFailsItsRevisionWithTheLastExitCode() {
    String crashing = "registry.example/crash:1.0";
    kubelet.behave(crashing, SimulatedKubelet.Behaviour.CRASH_LOOP);

    cluster.create("crash", spec(crashing));

    Service s = cluster.awaitService("crash", x -> failed(x));
    assertThat(condition(s, Conditions.READY).getMessage()).contains("last exit code 3");
    Condition revisionReady =
        cluster.revision("crash-00001").getStatus().condition(Conditions.READY);
    assertThat(revisionReady.getReason()).isEqualTo(RevisionReasons.CRASH_LOOP);
    assertThat(s.getStatus().getTraffic()).isEmpty();
  }

  @Test
  void imageThatRunsAsRootFailsItsRevisionWithAdviceToSetANonRootUser() {
    String root = "registry.example/root:1.0";
    kubelet.behave(root, SimulatedKubelet.Behaviour.RUNS_AS_ROOT);

    cluster.create("rooty", spec(root));

    Service s = cluster.awaitService("rooty", x -> failed(x));
    Condition revisionReady =
        cluster.revision("rooty-00001").getStatus().condition(Conditions.READY);
    assertThat(revisionReady.getReason()).isEqualTo(RevisionReasons.IMAGE_RUNS_AS_ROOT);
    assertThat(revisionReady.getMessage()).contains("non-root user", "USER 65532", root);
    assertThat(condition(s, Conditions.READY).getMessage()).contains("ImageRunsAsRoot");
  }

  @Test
  void revisionWhoseInstancesNeverBecomeReadyFailsAtTheProgressDeadline() {
    String slow = "registry.example/slow:1.0";
    kubelet.behave(slow, SimulatedKubelet.Behaviour.STALLS);

    cluster.create("slow", spec(slow));

    cluster.awaitService("slow", x -> failed(x));
    Condition revisionReady =
        cluster.revision("slow-00001").getStatus().condition(Conditions.READY);
    assertThat(revisionReady.getReason()).isEqualTo(RevisionReasons.PROGRESS_DEADLINE_EXCEEDED);
    assertThat(revisionReady.getMessage()).contains("4m", "port 8080");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.deployment("slow-00001").getSpec().getReplicas() == 0);
  }

  @Test
  void invalidSpecGetsInvalidSpecListingEveryViolationAndNoRevision() {
    ServiceSpec bad = spec("");
    bad.getTemplate().getContainer().setPort(80);
    bad.getTemplate().getContainer().setEnv(List.of(new EnvVar("PORT", "1")));

    cluster.create("bad", bad);

    Service s = cluster.awaitService("bad", x -> failed(x));
    Condition ready = condition(s, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo(ServiceReasons.INVALID_SPEC);
    assertThat(ready.getMessage())
        .contains("spec.template.container.image", "spec.template.container.port = 80", "PORT");
    assertThat(cluster.revisions("bad")).isEmpty();
  }

  @Test
  void invalidUpdateLeavesTrafficAndRevisionsAsTheyWere() {
    cluster.create("hello", spec(V1));
    cluster.awaitService("hello", EmulatedCluster::ready);

    cluster.edit(
        "hello",
        s -> {
          s.getTemplate().getContainer().setImage(V2);
          s.setTraffic(List.of(TrafficTarget.latest(60), TrafficTarget.pinned("hello-00001", 30)));
        });

    Service s = cluster.awaitService("hello", x -> failed(x));
    assertThat(condition(s, Conditions.READY).getReason()).isEqualTo(ServiceReasons.INVALID_SPEC);
    assertThat(condition(s, Conditions.READY).getMessage()).contains("spec.traffic", "sum to 100");
    assertThat(s.getStatus().getTraffic())
        .containsExactly(new TrafficStatus("hello-00001", true, 100, null, null));
    assertThat(cluster.revisions("hello")).hasSize(1);
  }

  @Test
  void deploymentReplicasStartAtMinScaleAndAreLeftToTheScaler() {
    ServiceSpec spec = spec(V1);
    Autoscaling a = new Autoscaling();
    a.setMinScale(3);
    spec.setAutoscaling(a);
    cluster.create("hello", spec);
    cluster.awaitService("hello", EmulatedCluster::ready);
    assertThat(cluster.deployment("hello-00001").getSpec().getReplicas()).isEqualTo(3);

    cluster.client.apps().deployments().inNamespace(NS).withName("hello-00001").scale(7);
    cluster.edit("hello", s -> s.getAutoscaling().setMaxScale(20));
    cluster.awaitService("hello", x -> ready(x) && x.getStatus().getObservedGeneration() == 2L);

    assertThat(cluster.deployment("hello-00001").getSpec().getReplicas()).isEqualTo(7);
  }

  private static boolean failed(Service s) {
    Condition c = condition(s, Conditions.READY);
    return c != null && Condition.FALSE.equals(c.getStatus());
  }

  private List<String> eventReasons() {
    return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
        .map(Event::getReason)
        .toList();
  }
}
