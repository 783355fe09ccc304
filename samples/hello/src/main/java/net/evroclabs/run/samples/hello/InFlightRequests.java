package net.evroclabs.run.samples.hello;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests being served, so shutdown can wait for them and {@code /stats} can report.
 */
public final class InFlightRequests extends Filter {

  /**
   * A point-in-time view.
   *
   * @param inFlight requests being served now
   * @param maxInFlight the most ever served at once since start
   */
  public record Load(int inFlight, int maxInFlight) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int inFlight;
  private int maxInFlight;

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    enter();
    try {
      chain.doFilter(exchange);
    } finally {
      exit();
    }
  }

  @Override
  public String description() {
    return "counts in-flight requests";
  }

  void enter() {
    lock.lock();
    try {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    } finally {
      lock.unlock();
    }
  }

  void exit() {
    lock.lock();
    try {
      if (inFlight == 0) {
        throw new IllegalStateException("exit() without a matching enter()");
      }
      inFlight--;
      if (inFlight == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  public Load load() {
    lock.lock();
    try {
      return new Load(inFlight, maxInFlight);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no request is in flight; false when {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (inFlight > 0) {
        if (remaining <= 0) {
          return false;
        }
        remaining = idle.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
