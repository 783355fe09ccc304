package net.evroclabs.run.scaler.loop;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.decision.Decision;
import net.evroclabs.run.scaler.decision.Mode;
import net.evroclabs.run.scaler.decision.RevisionMemory;
import net.evroclabs.run.scaler.decision.ScalingSpec;
import net.evroclabs.run.scaler.kube.ScaledRevision;
import net.evroclabs.run.scaler.kube.Workloads;
import net.evroclabs.run.scaler.metrics.MetricsSource;
import net.evroclabs.run.scaler.metrics.Observations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick evaluates every revision that has replicas, a minimum scale or was poked, from one batch
 * of metrics, and applies the changed decisions. Not thread-safe: the caller runs ticks and pokes
 * on one thread.
 */
public final class ScalerLoop {

  private static final Logger LOG = LoggerFactory.getLogger(ScalerLoop.class);

  private final Autoscaler autoscaler;
  private final Workloads workloads;
  private final MetricsSource metrics;
  private final ScalerMetrics own;
  private final Map<RevisionKey, RevisionMemory> memory = new HashMap<>();
  private final Map<RevisionKey, ScalingSpec> specs = new HashMap<>();
  private final Set<RevisionKey> poked = new HashSet<>();

  public ScalerLoop(
      Autoscaler autoscaler, Workloads workloads, MetricsSource metrics, ScalerMetrics own) {
    this.autoscaler = autoscaler;
    this.workloads = workloads;
    this.metrics = metrics;
    this.own = own;
  }

  /** Evaluates all revisions at {@code now}; returns how many were evaluated. */
  public int tick(Instant now) {
    long start = System.nanoTime();
    List<ScaledRevision> all = workloads.revisions();
    Map<RevisionKey, Double> percentiles = new HashMap<>();
    Set<RevisionKey> existing = new HashSet<>();
    for (ScaledRevision r : all) {
      existing.add(r.key());
      if (r.replicas().desired() > 0 || r.spec().minScale() > 0 || poked.contains(r.key())) {
        percentiles.put(r.key(), r.spec().percentile());
      }
    }
    Observations observations =
        percentiles.isEmpty()
            ? new Observations(Map.of(), null)
            : metrics.observe(percentiles, now);
    own.metrics(observations.ok());
    if (!observations.ok()) {
      LOG.warn(
          "metrics unavailable, keeping the scale of every revision: {}", observations.error());
    }
    for (ScaledRevision r : all) {
      if (!percentiles.containsKey(r.key())) {
        continue;
      }
      try {
        RevisionMemory m = memory.getOrDefault(r.key(), RevisionMemory.empty());
        Decision d = autoscaler.decide(r.spec(), observations.of(r.key()), r.replicas(), m, now);
        apply(r, d);
      } catch (RuntimeException e) {
        own.failure();
        LOG.warn("{}: scaling failed, will retry next tick: {}", r.key(), e.toString());
      }
    }
    poked.clear();
    for (RevisionKey gone : new HashSet<>(memory.keySet())) {
      if (!existing.contains(gone)) {
        memory.remove(gone);
        ScalingSpec spec = specs.remove(gone);
        if (spec != null) {
          own.forget(gone, spec);
        }
      }
    }
    own.tick((System.nanoTime() - start) / 1e9);
    return percentiles.size();
  }

  /**
   * Forgets everything learned about every revision: called when this instance starts leading, as
   * what it remembers from an earlier term is stale (another leader scaled in between).
   */
  public void forgetAll() {
    memory.clear();
    poked.clear();
  }

  /**
   * A request waits at the activator: a revision at zero is woken at once. Returns the decision, or
   * empty when the revision does not exist.
   */
  public Optional<Decision> poke(RevisionKey key, Instant now) {
    own.poked();
    Optional<ScaledRevision> found = workloads.revision(key);
    if (found.isEmpty()) {
      LOG.info("{}: poked, but there is no such revision with a workload", key);
      return Optional.empty();
    }
    ScaledRevision r = found.get();
    RevisionMemory m = memory.getOrDefault(key, RevisionMemory.empty());
    Decision d = autoscaler.poke(r.spec(), r.replicas(), m, now);
    poked.add(key);
    apply(r, d);
    return Optional.of(d);
  }

  private void apply(ScaledRevision r, Decision d) {
    memory.put(r.key(), d.memory());
    specs.put(r.key(), r.spec());
    own.decided(r.key(), r.spec(), d);
    int from = r.replicas().desired();
    if (d.desired() == from) {
      return;
    }
    workloads.scale(r.key(), d.desired());
    own.scaled(from, d.desired());
    LOG.info("{}: {}", r.key(), d.reason());
    workloads.record(r.key(), reason(from, d), d.reason());
  }

  private static String reason(int from, Decision d) {
    if (d.mode() == Mode.POKE || from == 0) {
      return "ScaledFromZero";
    }
    if (d.mode() == Mode.ZERO) {
      return "ScaledToZero";
    }
    return d.desired() > from ? "ScaledUp" : "ScaledDown";
  }
}
