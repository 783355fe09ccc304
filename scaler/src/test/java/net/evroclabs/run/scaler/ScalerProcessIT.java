package net.evroclabs.run.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.scaler.kube.RunConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScalerProcessIT {

  private static final String NS = "team-a";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private ScalerProcess process;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
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
    createRevision("hello", "hello-00001");
    createRevision("hello", "hello-00002");
    ScalerConfig config =
        ScalerConfig.fromEnv(
            Map.of(
                "SCALER_ADDRESS", "127.0.0.1",
                "SCALER_PORT", "0",
                // Nothing listens there: every tick's metrics are missing, so ticks keep scales.
                "PROMETHEUS_URL", "http://127.0.0.1:1",
                "POD_NAMESPACE", NS,
                "POD_NAME", "scaler-0"));
    process = ScalerProcess.start(config, PlatformConfig.defaults(), client, Clock.systemUTC());
    await().atMost(Duration.ofSeconds(20)).until(process::leading);
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  private void createRevision(String service, String name) {
    Service svc = new Service();
    svc.setMetadata(new ObjectMetaBuilder().withName(service).withNamespace(NS).build());
    svc.setSpec(new ServiceSpec());
    if (client.resources(Service.class).inNamespace(NS).withName(service).get() == null) {
      client.resources(Service.class).inNamespace(NS).resource(svc).create();
    }
    Revision r = new Revision();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NS)
            .withLabels(Map.of(Labels.SERVICE, service, Labels.REVISION, name))
            .build());
    client.resources(Revision.class).inNamespace(NS).resource(r).create();
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(Map.of(Labels.SERVICE, service, Labels.REVISION, name))
            .endMetadata()
            .withNewSpec()
            .withReplicas(0)
            .withNewSelector()
            .withMatchLabels(Map.of(Labels.REVISION, name))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(Map.of(Labels.REVISION, name))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("user-container")
            .withImage("registry.example/hello:1.0")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(NS).resource(d).create();
  }

  private HttpResponse<String> poke(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.port() + "/v1/poke"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int replicas(String name) {
    Integer r =
        client.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getReplicas();
    return r == null ? 0 : r;
  }

  /** Pokes a revision and returns the milliseconds until a watch sees its Deployment at one. */
  private long pokeToOneReplicaMillis(String revision) throws Exception {
    CountDownLatch atOne = new CountDownLatch(1);
    AtomicLong seenAt = new AtomicLong();
    AtomicReference<WatcherException> closed = new AtomicReference<>();
    try (Watch watch =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName(revision)
            .watch(
                new Watcher<Deployment>() {
                  @Override
                  public void eventReceived(Action action, Deployment d) {
                    Integer r = d.getSpec().getReplicas();
                    if (r != null && r == 1 && seenAt.compareAndSet(0, System.nanoTime())) {
                      atOne.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    closed.set(cause);
                  }
                })) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          poke("{\"namespace\":\"team-a\",\"revision\":\"" + revision + "\"}");
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(atOne.await(5, TimeUnit.SECONDS))
          .as("watch saw %s at one replica (watch closed: %s)", revision, closed.get())
          .isTrue();
      return (seenAt.get() - start) / 1_000_000;
    }
  }

  @Test
  void aPokedRevisionAtZeroIsAtOneReplicaWithinAHundredMilliseconds() throws Exception {
    createRevision("hello", "hello-00003");
    createRevision("hello", "hello-00004");
    // Warm the HTTP paths once, as in a running scaler.
    pokeToOneReplicaMillis("hello-00002");

    // Three revisions, so that one stall of this shared machine does not decide the outcome.
    List<Long> millis = new ArrayList<>();
    for (String revision : List.of("hello-00001", "hello-00003", "hello-00004")) {
      millis.add(pokeToOneReplicaMillis(revision));
    }

    assertThat(Collections.min(millis))
        .as("poke to one replica, ms: %s", millis)
        .isLessThanOrEqualTo(100);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .extracting(Event::getMessage)
                    .contains("0 → 1: a request is waiting at the activator"));
  }

  @Test
  void aSecondInstanceAnswersPokesFollowsAndTakesOverWhenTheLeaderStops() throws Exception {
    ScalerConfig config =
        ScalerConfig.fromEnv(
            Map.of(
                "SCALER_ADDRESS", "127.0.0.1",
                "SCALER_PORT", "0",
                "PROMETHEUS_URL", "http://127.0.0.1:1",
                "POD_NAMESPACE", NS,
                "POD_NAME", "scaler-1"));
    try (ScalerProcess second =
        ScalerProcess.start(config, PlatformConfig.defaults(), client, Clock.systemUTC())) {
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.port() + "/v1/poke"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"namespace\":\"team-a\",\"revision\":\"hello-00001\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(second.leading()).isFalse();
      assertThat(accepted.statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(5)).until(() -> replicas("hello-00001") == 1);

      process.close();

      await().atMost(Duration.ofSeconds(40)).until(second::leading);
      assertThat(
              client
                  .leases()
                  .inNamespace(NS)
                  .withName("run-scaler")
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo("scaler-1");
    }
  }

  @Test
  void theRunConfigMapSetsThePlatformDefaultsAndABadValueIsNamed() {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName(RunConfig.NAME)
                .withNamespace(NS)
                .endMetadata()
                .withData(Map.of("domain", "run.example.net"))
                .build())
        .create();

    assertThat(RunConfig.read(client, NS).domain()).isEqualTo("run.example.net");
    assertThat(RunConfig.read(client, "elsewhere")).isEqualTo(PlatformConfig.defaults());

    client
        .configMaps()
        .inNamespace(NS)
        .withName(RunConfig.NAME)
        .edit(
            cm -> {
              cm.getData().put("reserved-ports", "eighty");
              return cm;
            });
    assertThatThrownBy(() -> RunConfig.read(client, NS)).hasMessageContaining("reserved-ports");
  }

  @Test
  void aBadPokeIsRejectedNamingTheField() throws Exception {
    HttpResponse<String> response = poke("{\"namespace\":\"team-a\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("revision is missing");
  }

  @Test
  void withoutMetricsTicksKeepEveryScaleAndSaySoOnMetrics() throws Exception {
    poke("{\"namespace\":\"team-a\",\"revision\":\"hello-00001\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> replicas("hello-00001") == 1);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              String metrics =
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + process.port() + "/metrics"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body();
              assertThat(metrics).contains("run_scaler_metrics_up 0.0");
              assertThat(metrics).contains("run_scaler_leader 1.0");
              assertThat(metrics)
                  .contains("run_scaler_desired_replicas{revision=\"team-a/hello-00001\"} 1.0");
              assertThat(metrics).contains("run_scaler_tick_seconds_count");
            });
    assertThat(replicas("hello-00001")).isEqualTo(1);
    assertThat(
            client
                .leases()
                .inNamespace(NS)
                .withName("run-scaler")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("scaler-0");
  }
}
