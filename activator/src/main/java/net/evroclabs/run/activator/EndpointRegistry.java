package net.evroclabs.run.activator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every revision the activator knows, with its settings and ready pods, as last received over xDS.
 * The state is kept while the xDS stream is down.
 */
public final class EndpointRegistry {

  private final Map<RevisionKey, RevisionDispatcher> revisions = new ConcurrentHashMap<>();
  // The same dispatchers by their header form, so the request path finds a revision without
  // parsing and validating x-run-revision.
  private final Map<String, RevisionDispatcher> byName = new ConcurrentHashMap<>();
  private final int queueLimit;
  private final Supplier<ReleasePolicy> policies;
  private volatile boolean synced;

  public EndpointRegistry(int queueLimit, Supplier<ReleasePolicy> policies) {
    this.queueLimit = queueLimit;
    this.policies = policies;
  }

  /** The dispatcher of {@code key}, or null when the revision is unknown. */
  public RevisionDispatcher find(RevisionKey key) {
    return revisions.get(key);
  }

  /**
   * The dispatcher of the revision written exactly {@code <namespace>/<revision>}, or null: either
   * unknown or not in that canonical form (then {@link RevisionKey#parse} tells which).
   */
  public RevisionDispatcher find(String name) {
    return byName.get(name);
  }

  /** True once the first cluster list arrived; until then every revision looks unknown. */
  public boolean isSynced() {
    return synced;
  }

  /**
   * Applies a full cluster list: new revisions appear (cold), known ones get the new settings,
   * missing ones are removed and their held requests told so.
   */
  public void applyClusters(Map<RevisionKey, RevisionSettings> clusters) {
    for (Map.Entry<RevisionKey, RevisionSettings> e : clusters.entrySet()) {
      RevisionDispatcher existing = revisions.get(e.getKey());
      if (existing == null) {
        RevisionDispatcher d =
            new RevisionDispatcher(e.getKey(), e.getValue(), queueLimit, policies.get());
        revisions.put(e.getKey(), d);
        byName.put(e.getKey().toString(), d);
      } else if (!existing.settings().equals(e.getValue())) {
        existing.updateSettings(e.getValue());
      }
    }
    for (RevisionKey key : Set.copyOf(revisions.keySet())) {
      if (!clusters.containsKey(key)) {
        RevisionDispatcher gone = revisions.remove(key);
        byName.remove(key.toString());
        if (gone != null) {
          gone.remove();
        }
      }
    }
    synced = true;
  }

  /** Applies the ready pods of the revisions named in {@code assignments}. */
  public void applyEndpoints(Map<RevisionKey, List<Endpoint>> assignments) {
    for (Map.Entry<RevisionKey, List<Endpoint>> e : assignments.entrySet()) {
      RevisionDispatcher d = revisions.get(e.getKey());
      if (d != null) {
        d.updateEndpoints(e.getValue());
      }
    }
  }

  public Set<RevisionKey> keys() {
    return Set.copyOf(revisions.keySet());
  }

  /** Requests held per revision, for the {@code run_activator_requests_held} gauge. */
  public Map<RevisionKey, Integer> heldCounts() {
    Map<RevisionKey, Integer> out = new java.util.HashMap<>();
    revisions.forEach((k, d) -> out.put(k, d.heldCount()));
    return out;
  }

  public int totalHeld() {
    int total = 0;
    for (RevisionDispatcher d : revisions.values()) {
      total += d.heldCount();
    }
    return total;
  }
}
