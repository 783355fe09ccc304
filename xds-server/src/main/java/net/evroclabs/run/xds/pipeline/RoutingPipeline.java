package net.evroclabs.run.xds.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.admin.XdsMetrics;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.XdsCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's thread: informer threads {@link #submit} changes and return at once; the single
 * pipeline thread turns the changes queued so far into snapshots, publishes them to the cache and
 * reports to the route records. A change after a quiet spell is built at once; changes arriving
 * within {@code debounce} of the last build are collected into one build at the end of that window
 * (see {@link BuildWindow}).
 */
public final class RoutingPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingPipeline.class);

  private final PipelineCore core;
  private final XdsCache cache;
  private final RouteRecords records;
  private final XdsMetrics metrics;
  private final BuildWindow window;
  private final LongSupplier nanoTime;
  private final ConcurrentLinkedQueue<Change> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "xds-pipeline");
            t.setDaemon(true);
            return t;
          });

  public RoutingPipeline(
      PipelineCore core,
      XdsCache cache,
      RouteRecords records,
      XdsMetrics metrics,
      Duration debounce,
      LongSupplier nanoTime) {
    this.core = core;
    this.cache = cache;
    this.records = records;
    this.metrics = metrics;
    this.window = new BuildWindow(debounce);
    this.nanoTime = nanoTime;
    // A service whose routes a gateway rejects is served as before until it changes, so that it
    // does not hold back every other service's updates of that type.
    records.onRejected((key, generation) -> submit(new Change.RoutesRejected(key, generation)));
  }

  /** Queues a change; never blocks. */
  public void submit(Change change) {
    queue.add(change);
    scheduleFlush();
  }

  /** Queues many changes as one burst. */
  public void submitAll(List<? extends Change> changes) {
    queue.addAll(changes);
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (scheduled.compareAndSet(false, true)) {
      thread.schedule(this::flush, window.delayNanos(nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
    }
  }

  private void flush() {
    window.buildStarted(nanoTime.getAsLong());
    scheduled.set(false);
    List<Change> batch = new ArrayList<>();
    for (Change c = queue.poll(); c != null; c = queue.poll()) {
      batch.add(c);
    }
    if (batch.isEmpty()) {
      return;
    }
    long start = nanoTime.getAsLong();
    try {
      Map<NodeGroup, GroupSnapshot> before = core.current();
      Optional<PipelineCore.Build> build = core.process(batch);
      metrics.built((nanoTime.getAsLong() - start) / 1e9, core.serviceCount());
      if (build.isEmpty()) {
        return;
      }
      PipelineCore.Build b = build.get();
      // The proxies first; what the route records track is read off the streams when asked.
      cache.publish(b.snapshots());
      records.update(b.records(), b.removed());
      metrics.served(before, b.snapshots());
      if (b.failures() > 0) {
        metrics.translationFailed(b.failures());
        b.records()
            .forEach(
                (key, r) -> {
                  if (r.failure() != null) {
                    LOG.warn("service {} keeps its last good routes: {}", key, r.failure());
                  }
                });
      }
    } catch (RuntimeException e) {
      LOG.error(
          "building snapshots from {} changes failed; the last snapshots stay", batch.size(), e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
