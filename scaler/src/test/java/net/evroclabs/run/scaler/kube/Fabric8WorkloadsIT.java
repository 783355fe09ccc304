package net.evroclabs.run.scaler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.Autoscaling;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionStatus;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.scaler.RevisionKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Fabric8WorkloadsIT {

  private static final String NS = "team-b";
  private static final RevisionKey FAILING = new RevisionKey(NS, "api-00002");

  private KubernetesMockServer server;
  private KubernetesClient client;
  private Fabric8Workloads workloads;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(Revision.class));
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(Service.class));
    client = server.createClient();

    Autoscaling autoscaling = new Autoscaling();
    autoscaling.setMinScale(2);
    autoscaling.setMaxScale(9);
    ServiceSpec spec = new ServiceSpec();
    spec.setAutoscaling(autoscaling);
    Service service = new Service();
    service.setMetadata(new ObjectMetaBuilder().withName("api").withNamespace(NS).build());
    service.setSpec(spec);
    client.resources(Service.class).inNamespace(NS).resource(service).create();

    Revision revision = new Revision();
    revision.setMetadata(
        new ObjectMetaBuilder()
            .withName(FAILING.name())
            .withNamespace(NS)
            .withLabels(Map.of(Labels.SERVICE, "api", Labels.REVISION, FAILING.name()))
            .build());
    RevisionStatus status = new RevisionStatus();
    status.setConditions(
        List.of(
            new Condition(
                Conditions.READY, Condition.FALSE, "CrashLoop", "the container exits with 1")));
    revision.setStatus(status);
    client.resources(Revision.class).inNamespace(NS).resource(revision).create();

    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(FAILING.name())
                .withNamespace(NS)
                .withLabels(Map.of(Labels.REVISION, FAILING.name()))
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(1)
                .endStatus()
                .build())
        .create();
    workloads = Fabric8Workloads.start(client, new AutoscalingMapper(PlatformConfig.defaults()));
  }

  @AfterEach
  void stop() {
    workloads.close();
    client.close();
    server.destroy();
  }

  @Test
  void revisionsCarryTheirServicesSettingsReplicasAndReadiness() {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(workloads.revisions()).hasSize(1));
    ScaledRevision r = workloads.revisions().get(0);

    assertThat(r.key()).isEqualTo(FAILING);
    assertThat(r.spec().minScale()).isEqualTo(2);
    assertThat(r.spec().maxScale()).isEqualTo(9);
    assertThat(r.replicas().desired()).isEqualTo(3);
    assertThat(r.replicas().ready()).isEqualTo(1);
    assertThat(r.replicas().revisionReady()).isFalse();
  }

  @Test
  void scalingGoesThroughTheDeploymentAndEventsNameTheRevision() {
    workloads.scale(FAILING, 5);
    workloads.record(FAILING, "ScaledUp", "3 → 5: 45 req/s vs target 10 req/s per pod");

    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName(FAILING.name())
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
    List<Event> events = client.v1().events().inNamespace(NS).list().getItems();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getInvolvedObject().getKind()).isEqualTo("Revision");
    assertThat(events.get(0).getInvolvedObject().getName()).isEqualTo(FAILING.name());
    assertThat(events.get(0).getReason()).isEqualTo("ScaledUp");
    assertThat(events.get(0).getMessage()).isEqualTo("3 → 5: 45 req/s vs target 10 req/s per pod");
  }

  @Test
  void anUnknownRevisionIsEmpty() {
    assertThat(workloads.revision(new RevisionKey(NS, "nothing-00001"))).isEmpty();
  }
}
