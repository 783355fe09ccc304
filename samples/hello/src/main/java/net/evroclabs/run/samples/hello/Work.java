package net.evroclabs.run.samples.hello;

import java.time.Duration;

/** The slow parts of serving a request; a seam so request handling is tested without waiting. */
public interface Work {

  /** Blocks the calling thread for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** Keeps a core busy for {@code duration} of wall-clock time, then returns. */
  void burnCpu(Duration duration) throws InterruptedException;
}
