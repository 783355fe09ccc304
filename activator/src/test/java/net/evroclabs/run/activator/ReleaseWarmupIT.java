package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReleaseWarmupIT {

  static {
    LeakCounter.install();
  }

  private static final int ROUNDS = 300;
  private static final RevisionKey KEY = new RevisionKey("team-a", "hello-00001");
  private static final RevisionSettings SETTINGS =
      new RevisionSettings(60, 0, RevisionSettings.Protocol.HTTP1);

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

  @Test
  void theActivatorIsReadyOnlyOnceEveryWarmupColdStartRan() throws Exception {
    fx = new ActivatorFixture("--warmup-releases=" + ROUNDS);
    // The revisions are known long before the warm-up ends: readiness waits for both.
    fx.xds.publish(KEY, SETTINGS, List.of());
    List<Integer> roundsSeenBeforeReady = new ArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!fx.activator.isReady() && System.nanoTime() < end) {
      int rounds = fx.activator.warmupRounds();
      if (roundsSeenBeforeReady.isEmpty() || roundsSeenBeforeReady.getLast() != rounds) {
        roundsSeenBeforeReady.add(rounds);
      }
      Thread.onSpinWait();
    }
    assertThat(fx.activator.isReady()).isTrue();
    assertThat(fx.activator.warmupRounds()).isEqualTo(ROUNDS);
    assertThat(roundsSeenBeforeReady).isNotEmpty().allMatch(n -> n <= ROUNDS);
    assertThat(roundsSeenBeforeReady.getFirst()).isLessThan(ROUNDS);
  }

  @Test
  void theWarmupLeavesNoTraceAndRealColdStartsStillWork() throws Exception {
    fx = new ActivatorFixture("--warmup-releases=" + ROUNDS);
    fx.publish(KEY, SETTINGS, List.of());
    // A real request held while the warm-up runs is released as usual.
    CompletableFuture<HttpResponse<String>> held =
        fx.http.sendAsync(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 1);
    await().atMost(Duration.ofSeconds(60)).until(fx.activator::isReady);
    assertThat(fx.activator.warmupRounds()).isEqualTo(ROUNDS);

    TestBackend pod = fx.backend();
    fx.publish(KEY, SETTINGS, List.of(pod.endpoint()));
    HttpResponse<String> r = held.get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-run-cold-start")).hasValue("true");

    // Only the real revision is known, poked and counted.
    assertThat(fx.activator.registry().keys()).containsExactly(KEY);
    assertThat(fx.scaler.pokes()).isNotEmpty().allMatch(p -> p.contains("hello-00001"));
    assertThat(fx.metrics()).doesNotContain("run-warmup").contains("team-a/hello-00001");
    assertThat(fx.metric("run_activator_requests_total{status=\"200\"}")).isEqualTo(1);
  }

  @Test
  void everyUpdateOfTheWarmupGoesOverAnAdsStreamAndIsAckedAndEveryHoldPokes() throws Exception {
    Transport transport = Transport.detect();
    EventLoopGroup boss = transport.group(1, "warm-up-test-accept");
    EventLoopGroup workers = transport.group(2, "warm-up-test-io");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (HttpClient pokeClient = HttpClient.newHttpClient();
        ReleaseWarmup warmup =
            new ReleaseWarmup(
                transport, boss, workers, scheduler, pokeClient, ActivatorConfig.defaults())) {
      ReleaseWarmup.Result result = warmup.run(50, n -> {});
      // A cluster, a load assignment and a removal per cold start, each ACKed by the stream; a
      // poke per cold start, over the client that pokes the scaler.
      assertThat(result.rounds()).isEqualTo(50);
      assertThat(result.updatesAcked()).isEqualTo(150);
      await().atMost(Duration.ofSeconds(10)).until(() -> warmup.pokes() == 50);
      assertThat(warmup.revisionsLeft()).isZero();
    } finally {
      scheduler.shutdownNow();
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void closingTheActivatorStopsTheWarmup() throws Exception {
    fx = new ActivatorFixture("--warmup-releases=1000000");
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.activator.warmupRounds() > 0);
    assertThat(fx.activator.isReady()).isFalse();
    fx.close();
    Activator closed = fx.activator;
    fx = null;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("activator-warm-up")));
    assertThat(closed.warmupRounds()).isLessThan(1_000_000);
  }
}
