package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XdsClientIT {

  static {
    LeakCounter.install();
  }

  private static final RevisionKey GOOD = new RevisionKey("team-a", "good-00001");
  private static final RevisionSettings SETTINGS =
      new RevisionSettings(30, 0, RevisionSettings.Protocol.HTTP1);

  private ActivatorFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new ActivatorFixture("--removed-revision-grace=300ms");
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  @AfterAll
  static void noLeaks() {
    LeakCounter.assertNoLeaks();
  }

  private static Cluster withTimeout(String name, double timeoutSeconds) {
    return XdsTestServer.cluster(GOOD, SETTINGS).toBuilder()
        .setName(name)
        .setMetadata(
            Metadata.newBuilder()
                .putFilterMetadata(
                    XdsTranslation.METADATA_KEY,
                    Struct.newBuilder()
                        .putFields(
                            "timeoutSeconds",
                            Value.newBuilder().setNumberValue(timeoutSeconds).build())
                        .build()))
        .build();
  }

  @Test
  void unreadableClusterIsNackedByNameWhileTheOthersKeepWorking() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(GOOD, SETTINGS, List.of(pod.endpoint()));
    fx.xds.publishRaw(withTimeout("team-a/bad-00001", 0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.xds.nacks().stream().anyMatch(n -> n.contains("team-a/bad-00001")));
    assertThat(fx.xds.nacks())
        .anyMatch(n -> n.contains("cluster team-a/bad-00001: timeoutSeconds = 0, must be 1..600"));
    assertThat(fx.activator.registry().find(new RevisionKey("team-a", "bad-00001"))).isNull();
    HttpResponse<String> r =
        fx.http.send(fx.request(GOOD, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(fx.metrics()).contains("run_activator_xds_rejected_resources_total");
  }

  @Test
  void revisionWhoseNewClusterCannotBeReadKeepsItsLastGoodSettings() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(GOOD, SETTINGS, List.of(pod.endpoint()));
    fx.xds.publishRaw(withTimeout(GOOD.toString(), 9999));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.xds.nacks().stream().anyMatch(n -> n.contains("timeoutSeconds = 9999")));
    assertThat(fx.activator.registry().find(GOOD).settings()).isEqualTo(SETTINGS);
    assertThat(fx.activator.registry().find(GOOD).endpoints()).containsExactly(pod.endpoint());
    HttpResponse<String> r =
        fx.http.send(fx.request(GOOD, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void deletedRevisionIsForgottenAfterTheGraceAndAnswers404() throws Exception {
    fx.publish(GOOD, SETTINGS, List.of());
    fx.xds.remove(GOOD);
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.activator.registry().find(GOOD) == null);
    HttpResponse<String> r =
        fx.http.send(fx.request(GOOD, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(fx.xds.nacks()).isEmpty();
  }

  @Test
  void requestForARevisionXdsNamesOnlyLaterWaitsForItAndGoesThroughWithItsBody() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(GOOD, SETTINGS, List.of(pod.endpoint()));
    RevisionKey late = new RevisionKey("team-a", "late-00001");
    byte[] body = new byte[100_000];
    var answer =
        fx.http.sendAsync(
            fx.request(late, "/upload")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.activator.registry().waitingCount() == 1);
    fx.publish(late, SETTINGS, List.of(pod.endpoint()));
    HttpResponse<String> r = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(pod.uploaded.get()).isEqualTo(body.length);
    assertThat(fx.metrics())
        .contains("run_activator_unknown_revision_waits_total{outcome=\"appeared\"} 1.0");
  }

  @Test
  void adminPortReportsReadinessHealthAndMetrics() throws Exception {
    fx.publish(GOOD, SETTINGS, List.of());
    String base = "http://127.0.0.1:" + fx.activator.adminPort();
    assertThat(get(base + "/healthz")).isEqualTo(200);
    assertThat(get(base + "/readyz")).isEqualTo(200);
    HttpResponse<String> metrics =
        fx.http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("run_activator_requests_held{revision=\"team-a/good-00001\"} 0")
        .contains("run_activator_xds_connected 1");
    fx.activator.drain(Duration.ZERO);
    assertThat(get(base + "/readyz")).isEqualTo(503);
  }

  private int get(String url) throws Exception {
    return fx.http
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
