package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScalerPokerTest {

  private static final RevisionKey KEY = new RevisionKey("team-a", "hello-00001");
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20));

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ActivatorMetrics metrics = new ActivatorMetrics(Map::of);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void pokesAtOnceThenRepeatsWhileRequestsAreHeld() throws Exception {
    List<RevisionKey> pokes = new CopyOnWriteArrayList<>();
    AtomicBoolean waiting = new AtomicBoolean(true);
    ScalerPoker poker =
        new ScalerPoker(
            key -> {
              pokes.add(key);
              return CompletableFuture.completedFuture(null);
            },
            Duration.ofMillis(10),
            BACKOFF,
            scheduler,
            metrics,
            key -> waiting.get());

    poker.poke(KEY);
    poker.poke(KEY); // already being poked: no second series

    awaitCount(pokes::size, 3);
    waiting.set(false);
    Thread.sleep(50);
    int after = pokes.size();
    Thread.sleep(50);
    assertThat(pokes.size()).isEqualTo(after);
    assertThat(pokes).containsOnly(KEY);
    assertThat(okPokes()).isEqualTo(after);
  }

  @Test
  void aRefusingScalerIsRetriedWithBackoffUntilItAccepts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean waiting = new AtomicBoolean(true);
    ScalerPoker poker =
        new ScalerPoker(
            key ->
                calls.incrementAndGet() <= 2
                    ? CompletableFuture.failedFuture(new IllegalStateException("scaler down"))
                    : CompletableFuture.completedFuture(null),
            Duration.ofHours(1),
            BACKOFF,
            scheduler,
            metrics,
            key -> waiting.get());

    poker.poke(KEY);

    awaitCount(calls::get, 3);
    assertThat(errorPokes()).isEqualTo(2);
    awaitCount(() -> (int) okPokes(), 1);
  }

  @Test
  void aTargetThatThrowsCountsAsARefusal() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ScalerPoker poker =
        new ScalerPoker(
            key -> {
              calls.incrementAndGet();
              throw new IllegalStateException("broken");
            },
            Duration.ofHours(1),
            BACKOFF,
            scheduler,
            metrics,
            key -> true);

    poker.poke(KEY);

    awaitCount(calls::get, 2);
    assertThat(errorPokes()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theHttpTargetSendsTheRevisionAndFailsOnAnErrorStatus() throws Exception {
    try (ScalerStub scaler = ScalerStub.started()) {
      var client = java.net.http.HttpClient.newHttpClient();
      ScalerPoker.Target target = ScalerPoker.http(client, scaler.url());

      target.poke(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(scaler.pokes()).containsExactly("POST " + ScalerPoker.body(KEY));

      scaler.answerWith(503);
      CompletableFuture<Void> refused = target.poke(KEY).toCompletableFuture();
      assertThat(refused)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .withMessageContaining("HTTP 503");
    }
  }

  private long okPokes() {
    return pokeCount("ok");
  }

  private long errorPokes() {
    return pokeCount("error");
  }

  private long pokeCount(String result) {
    String line = "run_activator_pokes_total{result=\"" + result + "\"} ";
    for (String l : new String(metrics.scrape(), StandardCharsets.UTF_8).split("\n")) {
      if (l.startsWith(line)) {
        return (long) Double.parseDouble(l.substring(line.length()).trim());
      }
    }
    return 0;
  }

  private static void awaitCount(java.util.function.IntSupplier count, int atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count.getAsInt() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + count.getAsInt() + " of " + atLeast + " in 10 s");
      }
      Thread.sleep(1);
    }
  }
}
