package net.evroclabs.run.scaler.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Replicas;

/**
 * Workloads held in memory: replicas become ready as soon as they are asked for. The backend of
 * tests and benchmarks, and of a one-machine setup without Kubernetes.
 */
public final class InMemoryWorkloads implements Workloads {

  /** An event recorded on a revision. */
  public record Event(RevisionKey key, String reason, String message) {}

  private final Map<RevisionKey, ScaledRevision> revisions = new ConcurrentHashMap<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  public void put(ScaledRevision revision) {
    revisions.put(revision.key(), revision);
  }

  public void remove(RevisionKey key) {
    revisions.remove(key);
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  @Override
  public List<ScaledRevision> revisions() {
    return new ArrayList<>(revisions.values());
  }

  @Override
  public Optional<ScaledRevision> revision(RevisionKey key) {
    return Optional.ofNullable(revisions.get(key));
  }

  @Override
  public void scale(RevisionKey key, int replicas) {
    ScaledRevision r = revisions.get(key);
    if (r == null) {
      throw new IllegalArgumentException("revision " + key + " does not exist");
    }
    revisions.put(
        key,
        new ScaledRevision(
            key, r.spec(), new Replicas(replicas, replicas, r.replicas().revisionReady())));
  }

  @Override
  public void record(RevisionKey key, String reason, String message) {
    events.add(new Event(key, reason, message));
  }
}
