package net.evroclabs.run.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

  private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(40));

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private ReconcileQueue<String> queue;

  private ReconcileQueue<String> queue(int workers, Function<String, Outcome> reconciler) {
    queue =
        new ReconcileQueue<>(
            "test", workers, reconciler, FAST, timers, new ControllerMetrics(registry));
    queue.resume();
    return queue;
  }

  @AfterEach
  void stop() {
    queue.close();
    timers.shutdownNow();
  }

  @Test
  void aKeyIsNeverReconciledByTwoWorkersAtOnceAndRunsAgainWhenItChangedMeanwhile()
      throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    queue(
        4,
        key -> {
          maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          if (runs.incrementAndGet() == 1) {
            inside.countDown();
            try {
              release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          concurrent.decrementAndGet();
          return Outcome.done();
        });

    queue.add("a");
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    queue.add("a");
    queue.add("a");
    queue.add("a");
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> queue.idle() && runs.get() == 2);
    assertThat(maxConcurrent.get()).isEqualTo(1);
  }

  @Test
  void aFailingKeyIsRetriedWithBackoffWhileOtherKeysGoOn() {
    AtomicInteger failures = new AtomicInteger();
    List<String> done = new CopyOnWriteArrayList<>();
    queue(
        1,
        key -> {
          if (key.equals("bad") && failures.incrementAndGet() < 4) {
            throw new IllegalStateException("API server unavailable");
          }
          done.add(key);
          return Outcome.done();
        });

    queue.add("bad");
    queue.add("good");

    await().atMost(Duration.ofSeconds(5)).until(() -> done.contains("bad"));
    assertThat(done.indexOf("good")).isLessThan(done.indexOf("bad"));
    assertThat(queue.errors()).isEqualTo(3);
    assertThat(counter("error")).isEqualTo(3);
    assertThat(counter("ok")).isEqualTo(2);
  }

  private double counter(String result) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("run_controller_reconciles"))
        .flatMap(m -> m.getDataPoints().stream())
        .filter(p -> p.getLabels().get("result").equals(result))
        .mapToDouble(
            p ->
                ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p)
                    .getValue())
        .sum();
  }

  @Test
  void aRecheckRequestReconcilesTheKeyAgainLater() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    queue(
        1,
        key ->
            runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1
                ? Outcome.recheckAfter(Duration.ofMillis(20))
                : Outcome.done());

    queue.add("a");

    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get("a").get() == 2);
  }

  @Test
  void aPausedQueueDropsKeys() {
    AtomicInteger runs = new AtomicInteger();
    queue(
        1,
        key -> {
          runs.incrementAndGet();
          return Outcome.done();
        });
    queue.pause();

    queue.add("a");

    assertThat(queue.idle()).isTrue();
    assertThat(runs.get()).isZero();
  }
}
