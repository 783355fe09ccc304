package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HoldAndReleaseIT {

  static {
    LeakCounter.install();
  }

  private static final RevisionKey KEY = new RevisionKey("team-a", "hello-00001");
  private static final RevisionSettings UNLIMITED =
      new RevisionSettings(60, 0, RevisionSettings.Protocol.HTTP1);
  private static final RevisionSettings ONE_AT_A_TIME =
      new RevisionSettings(60, 1, RevisionSettings.Protocol.HTTP1);

  private ActivatorFixture fx;

  @AfterEach
  void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  @AfterAll
  static void noLeaks() {
    LeakCounter.assertNoLeaks();
  }

  private CompletableFuture<HttpResponse<String>> send(HttpRequest r) {
    return fx.http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thousandHeldRequestsAreAllAnswered200OnceAPodIsReady() throws Exception {
    fx = new ActivatorFixture();
    fx.publish(KEY, UNLIMITED, List.of());
    TestBackend pod = fx.backend();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      responses.add(send(fx.request(KEY, "/?i=" + i).header("x-seq", "" + i).build()));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.held(KEY) == 1000);
    assertThat(fx.scaler.pokes())
        .first()
        .isEqualTo("POST {\"namespace\":\"team-a\",\"revision\":\"hello-00001\"}");
    assertThat(pod.requests.get()).isZero();

    fx.xds.publishEndpoints(KEY, List.of(pod.endpoint()));

    for (CompletableFuture<HttpResponse<String>> f : responses) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-run-cold-start")).hasValue("true");
    }
    assertThat(pod.requests.get()).isEqualTo(1000);
    assertThat(pod.internalHeadersSeen).isEmpty();
    assertThat(fx.held(KEY)).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.activator.inFlight() == 0);
  }

  @Test
  void heldRequestsReachThePodInArrivalOrderAndContainerConcurrencyOneHolds() throws Exception {
    fx = new ActivatorFixture();
    fx.publish(KEY, ONE_AT_A_TIME, List.of());
    TestBackend pod = fx.backend();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      responses.add(send(fx.request(KEY, "/").header("x-seq", "" + i).build()));
      int expected = i + 1;
      await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == expected);
    }
    fx.xds.publishEndpoints(KEY, List.of(pod.endpoint()));
    for (CompletableFuture<HttpResponse<String>> f : responses) {
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(pod.order)
        .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "" + i).toList());
    assertThat(pod.maxConcurrent()).isEqualTo(1);
  }

  @Test
  void containerConcurrencyIsNeverExceededOnWarmPods() throws Exception {
    fx = new ActivatorFixture();
    TestBackend a = fx.backend();
    TestBackend b = fx.backend();
    fx.publish(KEY, ONE_AT_A_TIME, List.of(a.endpoint(), b.endpoint()));
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      responses.add(send(fx.request(KEY, "/sleep?ms=10").build()));
    }
    for (CompletableFuture<HttpResponse<String>> f : responses) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(a.requests.get() + b.requests.get()).isEqualTo(40);
    assertThat(a.requests.get()).isPositive();
    assertThat(b.requests.get()).isPositive();
    assertThat(a.maxConcurrent()).isEqualTo(1);
    assertThat(b.maxConcurrent()).isEqualTo(1);
  }

  @Test
  void warmRevisionIsProxiedWithoutColdStartMark() throws Exception {
    fx = new ActivatorFixture();
    TestBackend pod = fx.backend();
    fx.publish(KEY, UNLIMITED, List.of(pod.endpoint()));
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r =
          fx.http.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("hello from");
      assertThat(r.headers().firstValue("x-run-cold-start")).isEmpty();
    }
    assertThat(fx.scaler.pokes()).isEmpty();
  }

  @Test
  void heldRequestIsAnswered504WhenTheRevisionTimeoutPasses() throws Exception {
    fx = new ActivatorFixture();
    fx.publish(KEY, new RevisionSettings(1, 0, RevisionSettings.Protocol.HTTP1), List.of());
    long start = System.nanoTime();
    HttpResponse<String> r =
        fx.http.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("timeout of 1s");
    assertThat(tookMs).isBetween(900L, 5000L);
    assertThat(fx.held(KEY)).isZero();
    assertThat(fx.metrics())
        .contains("run_activator_timeouts_total{revision=\"team-a/hello-00001\"} 1.0");
  }

  @Test
  void requestBeyondTheQueueLimitGets503WithRetryAfter() throws Exception {
    fx = new ActivatorFixture("--queue-limit=3");
    fx.publish(KEY, UNLIMITED, List.of());
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(send(fx.request(KEY, "/").build()));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 3);
    HttpResponse<String> r =
        fx.http.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("retry-after")).hasValue("1");
    TestBackend pod = fx.backend();
    fx.xds.publishEndpoints(KEY, List.of(pod.endpoint()));
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void clientThatGoesAwayFreesItsQueueSlotAtOnce() throws Exception {
    fx = new ActivatorFixture("--queue-limit=1");
    fx.publish(KEY, UNLIMITED, List.of());
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fx.activator.proxyPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nhost: svc\r\nx-run-revision: " + KEY + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.held(KEY) == 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.activator.inFlight() == 0);
    CompletableFuture<HttpResponse<String>> next = send(fx.request(KEY, "/").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 1);
    TestBackend pod = fx.backend();
    fx.xds.publishEndpoints(KEY, List.of(pod.endpoint()));
    assertThat(next.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(pod.requests.get()).isEqualTo(1);
  }

  @Test
  void podThatRefusesTheFirstConnectionStillGetsTheRequest() throws Exception {
    fx = new ActivatorFixture("--backoff-initial=50ms", "--backoff-max=200ms");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Endpoint notYetListening = new Endpoint("127.0.0.1", port);
    fx.publish(KEY, UNLIMITED, List.of());
    CompletableFuture<HttpResponse<String>> r = send(fx.request(KEY, "/").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 1);
    fx.xds.publishEndpoints(KEY, List.of(notYetListening));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.metrics().contains("run_activator_upstream_connect_failures_total 2.0"));
    TestBackend pod = fx.own(new TestBackend(TestBackend.Kind.HTTP1, port));
    HttpResponse<String> response = r.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-run-cold-start")).hasValue("true");
    assertThat(pod.requests.get()).isEqualTo(1);
  }

  @Test
  void requestSentToAPodThatWentAwayWakesTheRevisionAgain() throws Exception {
    ScalerStub scaler = ScalerStub.started();
    fx = new ActivatorFixture(scaler, "--backoff-initial=50ms", "--backoff-max=200ms");
    Endpoint gone;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      gone = new Endpoint("127.0.0.1", probe.getLocalPort());
    }
    // The activator still lists a pod that has just been scaled away.
    fx.publish(KEY, UNLIMITED, List.of(gone));
    TestBackend pod = fx.backend();
    scaler.onPoke(body -> fx.xds.publishEndpoints(KEY, List.of(pod.endpoint())));

    CompletableFuture<HttpResponse<String>> r = send(fx.request(KEY, "/").build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.metric("run_activator_upstream_connect_failures_total") >= 1);
    assertThat(scaler.pokes()).isEmpty();
    fx.xds.publishEndpoints(KEY, List.of());

    HttpResponse<String> response = r.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(scaler.pokes()).isNotEmpty();
    assertThat(pod.requests.get()).isEqualTo(1);
  }

  @Test
  void scalerThatIsDownDelaysButDoesNotFailARequestWithinItsTimeout() throws Exception {
    ScalerStub scaler = ScalerStub.down();
    fx = new ActivatorFixture(scaler, "--backoff-initial=50ms", "--backoff-max=200ms");
    fx.publish(KEY, UNLIMITED, List.of());
    TestBackend pod = fx.backend();
    scaler.onPoke(body -> fx.xds.publishEndpoints(KEY, List.of(pod.endpoint())));
    CompletableFuture<HttpResponse<String>> r = send(fx.request(KEY, "/").build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.metrics().contains("run_activator_pokes_total{result=\"error\"} 3.0"));
    assertThat(r).isNotDone();
    scaler.start();
    HttpResponse<String> response = r.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(scaler.pokes()).isNotEmpty();
  }

  @Test
  void knownStateSurvivesAnXdsOutageAndUpdatesResumeAfterIt() throws Exception {
    fx = new ActivatorFixture("--backoff-initial=50ms", "--backoff-max=200ms");
    TestBackend a = fx.backend();
    fx.publish(KEY, UNLIMITED, List.of(a.endpoint()));
    fx.xds.stop();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.metrics().contains("run_activator_xds_connected 0.0"));
    HttpResponse<String> during =
        fx.http.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(during.statusCode()).isEqualTo(200);
    fx.xds.restart();
    TestBackend b = fx.backend();
    fx.publish(KEY, UNLIMITED, List.of(b.endpoint()));
    HttpResponse<String> after =
        fx.http.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(after.body()).contains(b.endpoint().toString());
  }

  @Test
  void aRevisionRemovedDuringAnXdsOutageGoesOnceTheStreamIsBack() throws Exception {
    fx = new ActivatorFixture("--backoff-initial=50ms", "--backoff-max=200ms");
    RevisionKey gone = new RevisionKey("team-a", "gone-00001");
    fx.publish(KEY, UNLIMITED, List.of(fx.backend().endpoint()));
    fx.publish(gone, UNLIMITED, List.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.activator.registry().keys().size() == 2);
    fx.xds.stop();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.metrics().contains("run_activator_xds_connected 0.0"));

    // The reconnected stream says which clusters the activator holds; the server names the one
    // that went while no stream was open.
    fx.xds.remove(gone);
    fx.xds.restart();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.activator.registry().keys().equals(java.util.Set.of(KEY)));
    HttpResponse<String> r =
        fx.http.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void aRevisionGoneFromTheClustersIsServedOnItsPodsDuringTheGracePeriod() throws Exception {
    fx = new ActivatorFixture();
    TestBackend pod = fx.backend();
    fx.publish(KEY, UNLIMITED, List.of(pod.endpoint()));

    // Its cluster and its assignment go together; a gateway may still send it requests.
    fx.xds.remove(KEY);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !fx.activator.registry().keys().contains(KEY));

    HttpResponse<String> r =
        fx.http.send(
            fx.request(KEY, "/").timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains(pod.endpoint().toString());
  }

  @Test
  void drainLetsHeldRequestsFinishAndTurnsReadinessOff() throws Exception {
    fx = new ActivatorFixture();
    fx.publish(KEY, UNLIMITED, List.of());
    CompletableFuture<HttpResponse<String>> r = send(fx.request(KEY, "/").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 1);
    TestBackend pod = fx.backend();
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return fx.activator.drain(Duration.ofSeconds(20));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> !fx.activator.isReady());
    fx.xds.publishEndpoints(KEY, List.of(pod.endpoint()));
    assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
  }
}
