package net.evroclabs.run.scaler.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.scaler.RevisionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the loop's ticks and pokes on one thread while this instance leads; a follower neither ticks
 * nor accepts pokes.
 */
public final class ScalerRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScalerRunner.class);

  private final ScalerLoop loop;
  private final ScalerMetrics metrics;
  private final Clock clock;
  private final Duration tick;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scaler-loop");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean leading;
  private ScheduledFuture<?> ticking;

  public ScalerRunner(ScalerLoop loop, ScalerMetrics metrics, Clock clock, Duration tick) {
    this.loop = loop;
    this.metrics = metrics;
    this.clock = clock;
    this.tick = tick;
  }

  /** Called when this instance becomes the leader. */
  public synchronized void lead() {
    metrics.leader(true);
    thread.execute(loop::forgetAll);
    leading = true;
    if (ticking == null) {
      ticking =
          thread.scheduleAtFixedRate(this::tickOnce, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info("leading: ticking every {}", tick);
  }

  /** Called when this instance stops leading. */
  public synchronized void follow() {
    leading = false;
    metrics.leader(false);
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
    LOG.info("not leading: stopped ticking");
  }

  public boolean leading() {
    return leading;
  }

  /** Queues a poke and returns at once; true when it was queued. */
  public boolean poke(RevisionKey key) {
    if (thread.isShutdown()) {
      return false;
    }
    thread.execute(
        () -> {
          try {
            loop.poke(key, clock.instant());
          } catch (RuntimeException e) {
            LOG.warn("{}: poke failed: {}", key, e.toString());
          }
        });
    return true;
  }

  private void tickOnce() {
    try {
      loop.tick(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("tick failed, next tick retries: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
