package net.evroclabs.run.controller.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed work queue in the style of controller work queues: a key waits at most once, is never
 * reconciled by two workers at once, is reconciled again when it changed during its reconcile, and
 * is retried with backoff when its reconcile throws. One failing key never holds up the others.
 * While paused (not the leader), keys are dropped; {@link #resume} is followed by a full resync.
 */
public final class ReconcileQueue<K> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

  private final String name;
  private final Function<K, Outcome> reconciler;
  private final Backoff backoff;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final int workerCount;

  private final Object lock = new Object();
  private final LinkedHashSet<K> waiting = new LinkedHashSet<>();
  private final Set<K> running = new HashSet<>();
  private final Set<K> dirty = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private int busyWorkers;
  private boolean paused = true;
  private boolean closed;

  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  private final ControllerMetrics metrics;

  public ReconcileQueue(
      String name,
      int workerCount,
      Function<K, Outcome> reconciler,
      Backoff backoff,
      ScheduledExecutorService timers,
      ControllerMetrics metrics) {
    this.name = name;
    this.metrics = metrics;
    this.reconciler = reconciler;
    this.backoff = backoff;
    this.timers = timers;
    this.workerCount = workerCount;
    this.workers =
        Executors.newFixedThreadPool(
            workerCount, Thread.ofPlatform().name(name + "-", 0).daemon().factory());
  }

  /** Queues {@code key} unless it is already waiting. */
  public void add(K key) {
    synchronized (lock) {
      if (paused || closed) {
        return;
      }
      if (running.contains(key)) {
        dirty.add(key);
        return;
      }
      if (waiting.add(key)) {
        dispatch();
      }
    }
  }

  /** Queues {@code key} after {@code delay}. */
  public void addAfter(K key, Duration delay) {
    timers.schedule(() -> add(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Starts taking keys. */
  public void resume() {
    synchronized (lock) {
      paused = false;
    }
  }

  /** Stops taking keys and forgets the waiting ones; reconciles under way finish. */
  public void pause() {
    synchronized (lock) {
      paused = true;
      waiting.clear();
      dirty.clear();
      failures.clear();
    }
  }

  /** Reconciles done so far, failed ones included. */
  public long reconciles() {
    return reconciles.get();
  }

  /** Reconciles that threw. */
  public long errors() {
    return errors.get();
  }

  /** Keys waiting for a worker. */
  public int waiting() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  /** Whether nothing is waiting or running. */
  public boolean idle() {
    synchronized (lock) {
      return waiting.isEmpty() && running.isEmpty();
    }
  }

  private void dispatch() {
    while (busyWorkers < workerCount && !waiting.isEmpty()) {
      busyWorkers++;
      workers.execute(this::work);
    }
  }

  private void work() {
    while (true) {
      K key;
      synchronized (lock) {
        if (waiting.isEmpty() || paused || closed) {
          busyWorkers--;
          return;
        }
        var it = waiting.iterator();
        key = it.next();
        it.remove();
        running.add(key);
      }
      Outcome outcome = null;
      long started = System.nanoTime();
      try {
        outcome = reconciler.apply(key);
      } catch (RuntimeException e) {
        errors.incrementAndGet();
        int n;
        synchronized (lock) {
          n = failures.merge(key, 1, Integer::sum);
        }
        Duration delay = backoff.delay(n);
        LOG.warn("{} {}: reconcile failed (attempt {}), retrying in {}", name, key, n, delay, e);
        addAfter(key, delay);
      } finally {
        reconciles.incrementAndGet();
        metrics.reconciled(name, outcome != null, System.nanoTime() - started);
        synchronized (lock) {
          running.remove(key);
          if (outcome != null) {
            failures.remove(key);
          }
          if (dirty.remove(key) && !paused && !closed) {
            waiting.add(key);
          }
        }
      }
      if (outcome != null && outcome.recheckAfter().isPresent()) {
        addAfter(key, outcome.recheckAfter().get());
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      waiting.clear();
    }
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("{}: workers still running after 5s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
