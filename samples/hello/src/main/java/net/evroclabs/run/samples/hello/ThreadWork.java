package net.evroclabs.run.samples.hello;

import java.time.Duration;

/** {@link Work} done by the calling thread. */
public final class ThreadWork implements Work {

  /** Keeps the busy loop's result observable so the JIT cannot drop the arithmetic. */
  private volatile double sink;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration);
  }

  @Override
  public void burnCpu(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    double x = 1;
    while (System.nanoTime() - deadline < 0) {
      for (int i = 0; i < 1_000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    sink = x;
  }
}
