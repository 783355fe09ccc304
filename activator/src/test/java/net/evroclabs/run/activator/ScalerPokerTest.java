package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScalerPokerTest {

  private static final RevisionKey KEY = new RevisionKey("team-a", "hello-00001");
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ActivatorMetrics metrics = new ActivatorMetrics(Map::of);
  private final AtomicBoolean waiting = new AtomicBoolean(true);

  private ScalerPoker poker(ScalerPoker.Target target) {
    return new ScalerPoker(target, INTERVAL, BACKOFF, scheduler, metrics, key -> waiting.get());
  }

  @Test
  void pokesAtOnceThenEveryIntervalWhileRequestsAreHeld() {
    List<RevisionKey> pokes = new CopyOnWriteArrayList<>();
    ScalerPoker poker =
        poker(
            key -> {
              pokes.add(key);
              return CompletableFuture.completedFuture(null);
            });

    poker.poke(KEY);
    poker.poke(KEY); // already being poked: no second series
    scheduler.runDue();
    assertThat(pokes).containsExactly(KEY);

    scheduler.advance(INTERVAL.minusMillis(1));
    assertThat(pokes).hasSize(1);
    scheduler.advance(Duration.ofMillis(1));
    assertThat(pokes).hasSize(2);
    scheduler.advance(INTERVAL);
    assertThat(pokes).hasSize(3);

    waiting.set(false);
    scheduler.advance(INTERVAL.multipliedBy(5));
    assertThat(pokes).hasSize(3);
    assertThat(scheduler.queued()).isZero();
    assertThat(pokeCount("ok")).isEqualTo(3);

    // Held again later: a new series starts at once.
    waiting.set(true);
    poker.poke(KEY);
    scheduler.runDue();
    assertThat(pokes).hasSize(4);
  }

  @Test
  void aRefusingScalerIsRetriedWithBackoffUntilItAccepts() {
    AtomicInteger calls = new AtomicInteger();
    ScalerPoker poker =
        poker(
            key ->
                calls.incrementAndGet() <= 2
                    ? CompletableFuture.failedFuture(new IllegalStateException("scaler down"))
                    : CompletableFuture.completedFuture(null));

    poker.poke(KEY);
    scheduler.runDue();
    assertThat(calls).hasValue(1);

    scheduler.advance(BACKOFF.delay(1).minusMillis(1));
    assertThat(calls).hasValue(1);
    scheduler.advance(Duration.ofMillis(1));
    assertThat(calls).hasValue(2);
    scheduler.advance(BACKOFF.delay(2));
    assertThat(calls).hasValue(3);

    assertThat(pokeCount("error")).isEqualTo(2);
    assertThat(pokeCount("ok")).isEqualTo(1);
    // Accepted: back to the regular interval, not the backoff.
    scheduler.advance(BACKOFF.delay(3));
    assertThat(calls).hasValue(3);
    scheduler.advance(INTERVAL);
    assertThat(calls).hasValue(4);
  }

  @Test
  void aTargetThatThrowsCountsAsARefusal() {
    AtomicInteger calls = new AtomicInteger();
    ScalerPoker poker =
        poker(
            key -> {
              calls.incrementAndGet();
              throw new IllegalStateException("broken");
            });

    poker.poke(KEY);
    scheduler.runDue();
    scheduler.advance(BACKOFF.delay(1));

    assertThat(calls).hasValue(2);
    assertThat(pokeCount("error")).isEqualTo(2);
  }

  @Test
  void theHttpTargetSendsTheRevisionAndFailsOnAnErrorStatus() throws Exception {
    try (ScalerStub scaler = ScalerStub.started()) {
      ScalerPoker.Target target = ScalerPoker.http(HttpClient.newHttpClient(), scaler.url());

      target.poke(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(scaler.pokes()).containsExactly("POST " + ScalerPoker.body(KEY));

      scaler.answerWith(503);
      assertThat(target.poke(KEY).toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .withMessageContaining("HTTP 503");
    }
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
}
