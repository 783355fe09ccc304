package net.evroclabs.run.activator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every revision the activator knows, with its settings and ready pods, as last received over xDS.
 * The state is kept while the xDS stream is down. A revision that leaves the cluster list keeps
 * serving with its last settings and pods for a grace period: the gateways learn of a traffic
 * change on their own streams, and one may still send a request for a revision the activator
 * already heard is gone. The other way round, a gateway may hear of a new revision before the
 * activator does; a request for a revision not (yet) known can {@linkplain #await wait} for it.
 */
public final class EndpointRegistry {

  private final Map<RevisionKey, RevisionDispatcher> revisions = new ConcurrentHashMap<>();
  // The same dispatchers by their header form, so the request path finds a revision without
  // parsing and validating x-run-revision.
  private final Map<String, RevisionDispatcher> byName = new ConcurrentHashMap<>();
  private final Map<RevisionKey, Retiring> retiring = new ConcurrentHashMap<>();
  // The same, oldest first, so that a cluster list looks only at those whose grace is over (a
  // revision that came back, or went again, leaves a stale entry behind); guarded by this.
  private final ArrayDeque<RetiringKey> retireOrder = new ArrayDeque<>();
  private final int queueLimit;
  private final Supplier<ReleasePolicy> policies;
  private final long graceNanos;
  private final LongSupplier nanoTime;
  private volatile boolean synced;
  private volatile Consumer<RevisionKey> coldWithWaiters = key -> {};
  private volatile Consumer<RevisionKey> removed = key -> {};
  // Requests waiting for a revision that is not (yet) known; guarded by this.
  private final Map<RevisionKey, List<Consumer<RevisionDispatcher>>> waiting = new HashMap<>();

  private record Retiring(RevisionDispatcher dispatcher, long sinceNanos) {}

  private record RetiringKey(RevisionKey key, Retiring retiring) {}

  /** How long a revision gone from the cluster list is still served. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  public EndpointRegistry(int queueLimit, Supplier<ReleasePolicy> policies) {
    this(queueLimit, policies, DEFAULT_GRACE, System::nanoTime);
  }

  public EndpointRegistry(
      int queueLimit, Supplier<ReleasePolicy> policies, Duration grace, LongSupplier nanoTime) {
    this.queueLimit = queueLimit;
    this.policies = policies;
    this.graceNanos = grace.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Who hears that a revision has requests waiting and no pod ready after its pods went away or a
   * request found its pod gone (the scaler's poker).
   */
  public void onColdWithWaiters(Consumer<RevisionKey> listener) {
    this.coldWithWaiters = listener;
  }

  /**
   * Who hears that a revision is gone for good (its grace period over, its held requests told), so
   * that what is kept per revision, such as metric series, goes with it.
   */
  public void onRemoved(Consumer<RevisionKey> listener) {
    this.removed = listener;
  }

  /** The dispatcher of {@code key}, or null when the revision is unknown. */
  public RevisionDispatcher find(RevisionKey key) {
    RevisionDispatcher d = revisions.get(key);
    return d != null ? d : retired(key);
  }

  /**
   * The dispatcher of the revision written exactly {@code <namespace>/<revision>}, or null: either
   * unknown or not in that canonical form (then {@link RevisionKey#parse} tells which).
   */
  public RevisionDispatcher find(String name) {
    RevisionDispatcher d = byName.get(name);
    if (d != null || retiring.isEmpty()) {
      return d;
    }
    try {
      return retired(RevisionKey.parse(name));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A revision gone from the cluster list within the grace period, or null. */
  private RevisionDispatcher retired(RevisionKey key) {
    Retiring r = retiring.get(key);
    if (r == null) {
      return null;
    }
    if (nanoTime.getAsLong() - r.sinceNanos() > graceNanos) {
      if (retiring.remove(key, r)) {
        r.dispatcher().remove();
        removed.accept(key);
      }
      return null;
    }
    return r.dispatcher();
  }

  /**
   * Calls {@code waiter} with the dispatcher of {@code key} once the revision is known and the
   * first cluster list has arrived: at once (on this thread) when it already is, else on the thread
   * that applies the cluster list that brings it. False, and nothing is kept, when {@code
   * queueLimit} requests wait for that revision already.
   */
  public synchronized boolean await(RevisionKey key, Consumer<RevisionDispatcher> waiter) {
    RevisionDispatcher d = synced ? find(key) : null;
    if (d != null) {
      waiter.accept(d);
      return true;
    }
    List<Consumer<RevisionDispatcher>> list = waiting.computeIfAbsent(key, k -> new ArrayList<>());
    if (list.size() >= queueLimit) {
      return false;
    }
    list.add(waiter);
    return true;
  }

  /**
   * Forgets a waiter registered with {@link #await}; false when it was not waiting any more (it has
   * been or is being called).
   */
  public synchronized boolean stopWaiting(RevisionKey key, Consumer<RevisionDispatcher> waiter) {
    List<Consumer<RevisionDispatcher>> list = waiting.get(key);
    if (list == null || !list.remove(waiter)) {
      return false;
    }
    if (list.isEmpty()) {
      waiting.remove(key);
    }
    return true;
  }

  /** Requests waiting for a revision that is not known yet. */
  public synchronized int waitingCount() {
    int n = 0;
    for (List<Consumer<RevisionDispatcher>> list : waiting.values()) {
      n += list.size();
    }
    return n;
  }

  /** True once the first cluster list arrived; until then every revision looks unknown. */
  public boolean isSynced() {
    return synced;
  }

  /**
   * Applies a full cluster list: new revisions appear (cold), known ones get the new settings,
   * missing ones are removed and their held requests told so.
   */
  public synchronized void applyClusters(Map<RevisionKey, RevisionSettings> clusters) {
    clusters.forEach(this::known);
    for (Iterator<Map.Entry<RevisionKey, RevisionDispatcher>> it = revisions.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<RevisionKey, RevisionDispatcher> e = it.next();
      if (!clusters.containsKey(e.getKey())) {
        it.remove();
        gone(e.getKey(), e.getValue());
      }
    }
    settle();
  }

  /**
   * Applies a change to the cluster list: the revisions in {@code changed} are new or have new
   * settings, those in {@code removed} are gone, the others stay as they are. The work is that of
   * the change, however many revisions there are.
   */
  public synchronized void applyClusterChanges(
      Map<RevisionKey, RevisionSettings> changed, Collection<RevisionKey> removed) {
    changed.forEach(this::known);
    for (RevisionKey key : removed) {
      RevisionDispatcher d = changed.containsKey(key) ? null : revisions.remove(key);
      if (d != null) {
        gone(key, d);
      }
    }
    settle();
  }

  /** {@code key} is in the cluster list with {@code settings}. */
  private void known(RevisionKey key, RevisionSettings settings) {
    RevisionDispatcher existing = revisions.get(key);
    Retiring back = existing == null ? retiring.remove(key) : null;
    if (back != null) {
      existing = back.dispatcher();
      revisions.put(key, existing);
      byName.put(key.toString(), existing);
    }
    if (existing == null) {
      RevisionDispatcher d =
          new RevisionDispatcher(
              key, settings, queueLimit, policies.get(), k -> coldWithWaiters.accept(k));
      revisions.put(key, d);
      byName.put(key.toString(), d);
    } else if (!existing.settings().equals(settings)) {
      existing.updateSettings(settings);
    }
  }

  /** {@code key}, just taken out of the revisions, left the cluster list. */
  private void gone(RevisionKey key, RevisionDispatcher dispatcher) {
    byName.remove(key.toString());
    if (graceNanos == 0) {
      dispatcher.remove();
      removed.accept(key);
    } else {
      Retiring r = new Retiring(dispatcher, nanoTime.getAsLong());
      retiring.put(key, r);
      retireOrder.addLast(new RetiringKey(key, r));
    }
  }

  /** After a cluster list or change: ends the grace periods that are over, calls the waiters. */
  private void settle() {
    long now = nanoTime.getAsLong();
    while (!retireOrder.isEmpty()) {
      RetiringKey oldest = retireOrder.peekFirst();
      if (retiring.get(oldest.key()) == oldest.retiring()
          && now - oldest.retiring().sinceNanos() <= graceNanos) {
        break;
      }
      retireOrder.pollFirst();
      retired(oldest.key());
    }
    synced = true;
    if (!waiting.isEmpty()) {
      for (RevisionKey key : Set.copyOf(waiting.keySet())) {
        RevisionDispatcher d = revisions.get(key);
        if (d != null) {
          waiting.remove(key).forEach(w -> w.accept(d));
        }
      }
    }
  }

  /** True while {@code key} holds requests and has no ready pod: the scaler is to be poked. */
  public boolean holdsColdRequests(RevisionKey key) {
    RevisionDispatcher d = find(key);
    return d != null && d.heldCount() > 0 && d.isCold();
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
