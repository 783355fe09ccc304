package net.evroclabs.run.activator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides, for one revision, whether a request goes to a pod now or waits in the hold queue, and
 * releases held requests in arrival order as pods appear or finish requests. Decisions are made
 * under this object's lock; the requests are told about them after the lock is released.
 *
 * <p>A request can end up waiting with no pod to go to without being admitted cold: it was sent to
 * a pod that went away (connection refused, then the pod left the endpoint list), or it queued
 * behind busy pods that were then scaled away. Whenever a change leaves requests waiting and no pod
 * ready, the {@code coldWithWaiters} listener hears of it, so the scaler is poked for them too.
 */
public final class RevisionDispatcher {

  /** A request that can be sent to a pod or told that its revision went away. */
  public interface PendingRequest {

    /** Sends the request to {@code endpoint}; {@code held} says it waited in the queue. */
    void dispatch(Endpoint endpoint, boolean held);

    /** The revision was deleted while the request was held. */
    void revisionRemoved();
  }

  /** Outcome of admitting a request. */
  public sealed interface Admission {}

  /** Go to this pod now. */
  public record Dispatch(Endpoint endpoint) implements Admission {}

  /** Held; {@code cold} says no pod is ready, so the scaler should be poked. */
  public record Held(boolean cold) implements Admission {}

  /** The hold queue is full. */
  public record Overflow(int limit) implements Admission {}

  private record Release(PendingRequest request, Endpoint endpoint) {}

  private final RevisionKey key;
  private final ReleasePolicy policy;
  private final HeldRequestQueue<PendingRequest> queue;
  private final Consumer<RevisionKey> coldWithWaiters;
  // Written under the lock, read without it on every request.
  private volatile RevisionSettings settings;
  private List<Endpoint> endpoints = List.of();
  private int[] outstanding = new int[0];
  private Map<Endpoint, Integer> indexOf = Map.of();
  private boolean removed;

  public RevisionDispatcher(
      RevisionKey key, RevisionSettings settings, int queueLimit, ReleasePolicy policy) {
    this(key, settings, queueLimit, policy, k -> {});
  }

  /**
   * @param coldWithWaiters told (outside the lock) when a change other than admitting a request
   *     leaves requests waiting and no pod ready
   */
  public RevisionDispatcher(
      RevisionKey key,
      RevisionSettings settings,
      int queueLimit,
      ReleasePolicy policy,
      Consumer<RevisionKey> coldWithWaiters) {
    this.key = key;
    this.settings = settings;
    this.queue = new HeldRequestQueue<>(queueLimit);
    this.policy = policy;
    this.coldWithWaiters = coldWithWaiters;
  }

  public RevisionKey key() {
    return key;
  }

  public RevisionSettings settings() {
    return settings;
  }

  /** Sends the request to a pod with room, or holds it behind those already waiting. */
  public synchronized Admission admit(PendingRequest request) {
    if (queue.isEmpty()) {
      int i = policy.choose(outstanding, settings.containerConcurrency());
      if (i >= 0) {
        outstanding[i]++;
        return new Dispatch(endpoints.get(i));
      }
    }
    if (!queue.offer(request)) {
      return new Overflow(queue.limit());
    }
    return new Held(endpoints.isEmpty());
  }

  /** A request sent to {@code endpoint} finished; frees its slot and releases waiting requests. */
  public void complete(Endpoint endpoint) {
    List<Release> releases;
    synchronized (this) {
      Integer i = indexOf.get(endpoint);
      if (i != null && outstanding[i] > 0) {
        outstanding[i]--;
      }
      releases = drain();
    }
    deliver(releases);
  }

  /**
   * A dispatch to {@code failed} did not reach the pod (connection refused): frees that slot and
   * puts the request back at the head of the queue, to go out again as soon as a pod has room.
   */
  public void retry(PendingRequest request, Endpoint failed) {
    List<Release> releases;
    boolean cold;
    synchronized (this) {
      Integer i = indexOf.get(failed);
      if (i != null && outstanding[i] > 0) {
        outstanding[i]--;
      }
      queue.putBackFirst(request);
      releases = drain();
      cold = coldWithWaiters();
    }
    deliver(releases);
    if (cold) {
      coldWithWaiters.accept(key);
    }
  }

  /** Removes a held request (client gone, timeout); false when it was not held any more. */
  public synchronized boolean cancel(PendingRequest request) {
    return queue.remove(request);
  }

  /** Replaces the ready pods; held requests go out in arrival order to pods with room. */
  public void updateEndpoints(List<Endpoint> ready) {
    List<Release> releases;
    boolean cold;
    synchronized (this) {
      List<Endpoint> next = List.copyOf(new java.util.LinkedHashSet<>(ready));
      // State-of-the-world EDS repeats every revision's pods; most did not change.
      if (!next.equals(endpoints)) {
        int[] counts = new int[next.size()];
        Map<Endpoint, Integer> index = new HashMap<>();
        for (int j = 0; j < next.size(); j++) {
          Integer old = indexOf.get(next.get(j));
          counts[j] = old == null ? 0 : outstanding[old];
          index.put(next.get(j), j);
        }
        endpoints = next;
        outstanding = counts;
        indexOf = index;
      }
      releases = drain();
      cold = coldWithWaiters();
    }
    deliver(releases);
    if (cold) {
      coldWithWaiters.accept(key);
    }
  }

  /** Applies new settings (containerConcurrency may have grown, so waiting requests may go). */
  public void updateSettings(RevisionSettings next) {
    List<Release> releases;
    synchronized (this) {
      settings = next;
      releases = drain();
    }
    deliver(releases);
  }

  /** The revision was deleted: every held request is told so. */
  public void remove() {
    List<PendingRequest> orphans = new ArrayList<>();
    synchronized (this) {
      removed = true;
      for (PendingRequest r = queue.poll(); r != null; r = queue.poll()) {
        orphans.add(r);
      }
    }
    orphans.forEach(PendingRequest::revisionRemoved);
  }

  public synchronized boolean isRemoved() {
    return removed;
  }

  public synchronized int heldCount() {
    return queue.size();
  }

  public synchronized boolean isCold() {
    return endpoints.isEmpty();
  }

  public synchronized List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Outstanding requests per pod, for metrics and tests. */
  public synchronized Map<Endpoint, Integer> outstanding() {
    Map<Endpoint, Integer> out = new HashMap<>();
    for (int i = 0; i < endpoints.size(); i++) {
      out.put(endpoints.get(i), outstanding[i]);
    }
    return out;
  }

  private boolean coldWithWaiters() {
    return endpoints.isEmpty() && !queue.isEmpty();
  }

  private List<Release> drain() {
    if (queue.isEmpty() || endpoints.isEmpty()) {
      return List.of();
    }
    List<Release> releases = new ArrayList<>();
    while (!queue.isEmpty()) {
      int i = policy.choose(outstanding, settings.containerConcurrency());
      if (i < 0) {
        break;
      }
      outstanding[i]++;
      releases.add(new Release(queue.poll(), endpoints.get(i)));
    }
    return releases;
  }

  private static void deliver(List<Release> releases) {
    for (Release r : releases) {
      r.request().dispatch(r.endpoint(), true);
    }
  }
}
