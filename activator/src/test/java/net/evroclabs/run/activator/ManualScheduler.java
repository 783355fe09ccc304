package net.evroclabs.run.activator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a clock that only moves when a test says so: {@link #execute} and {@link
 * #schedule(Runnable, long, TimeUnit)} queue tasks, {@link #advance} runs those that come due, in
 * order, on the calling thread. Periodic scheduling is not supported.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private record Task(long dueNanos, long seq, Runnable action) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::seq));
  private long nowNanos;
  private long seq;
  private boolean shutdown;

  /** Moves the clock on by {@code by}, running every task due by then (and those they queue). */
  void advance(Duration by) {
    long until = nowNanos + by.toNanos();
    for (Task t = tasks.peek(); t != null && t.dueNanos() <= until; t = tasks.peek()) {
      tasks.poll();
      nowNanos = Math.max(nowNanos, t.dueNanos());
      t.action().run();
    }
    nowNanos = until;
  }

  /** Runs what is due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  int queued() {
    return tasks.size();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task task = new Task(nowNanos + unit.toNanos(Math.max(0, delay)), seq++, command);
    tasks.add(task);
    return new Pending(task);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>();
    tasks.forEach(t -> left.add(t.action()));
    tasks.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && tasks.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  /** A queued task's handle: its delay and whether it ran; no cancelling, no result. */
  private final class Pending implements ScheduledFuture<Object> {
    private final Task task;

    Pending(Task task) {
      this.task = task;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(task.dueNanos() - nowNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      throw new UnsupportedOperationException("not used by the code under test");
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return !tasks.contains(task);
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("not used by the code under test");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by the code under test");
    }
  }
}
