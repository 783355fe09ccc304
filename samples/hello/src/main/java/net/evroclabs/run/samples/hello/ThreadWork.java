package net.evroclabs.run.samples.hello;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@link Work} for the request's thread: sleeping blocks it, CPU burns run on platform threads. */
public final class ThreadWork implements Work {

  /**
   * Burns run here, not on the request's virtual thread: virtual threads are not preempted, so as
   * many concurrent burns as cores would otherwise starve every other request, {@code /healthz}
   * included. The operating system shares the cores between platform threads fairly.
   */
  private final ExecutorService burners =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("hello-cpu-", 0).factory());

  /** Keeps the busy loop's result observable so the JIT cannot drop the arithmetic. */
  private volatile double sink;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration);
  }

  @Override
  public void burnCpu(Duration duration) throws InterruptedException {
    Future<?> burn = burners.submit(() -> spin(duration));
    try {
      burn.get();
    } catch (InterruptedException interrupted) {
      burn.cancel(true);
      throw interrupted;
    } catch (ExecutionException failed) {
      throw new IllegalStateException("CPU burn failed", failed.getCause());
    }
  }

  private void spin(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    double x = 1;
    while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
      for (int i = 0; i < 1_000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    sink = x;
  }
}
