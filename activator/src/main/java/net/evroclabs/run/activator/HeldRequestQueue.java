package net.evroclabs.run.activator;

import java.util.LinkedHashSet;

/**
 * Bounded FIFO of requests held for one revision. Removal of any element (a client that went away,
 * a request that timed out) is O(1). Not thread-safe: the owner serialises access.
 */
public final class HeldRequestQueue<T> {

  private final int limit;
  private final LinkedHashSet<T> held = new LinkedHashSet<>();

  public HeldRequestQueue(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("queue limit = " + limit + ", must be >= 1");
    }
    this.limit = limit;
  }

  /** Appends {@code item}; false when the queue is full. */
  public boolean offer(T item) {
    if (held.size() >= limit) {
      return false;
    }
    if (!held.add(item)) {
      throw new IllegalStateException("request is already held: " + item);
    }
    return true;
  }

  /**
   * Puts back at the head a request that was already admitted once (its dispatch failed before any
   * byte reached a pod); it keeps its place even when the queue is full.
   */
  public void putBackFirst(T item) {
    held.addFirst(item);
  }

  /** Removes and returns the oldest request, or null when empty. */
  public T poll() {
    return held.isEmpty() ? null : held.removeFirst();
  }

  /** Removes {@code item} wherever it is; false when it was not held. */
  public boolean remove(T item) {
    return held.remove(item);
  }

  public int size() {
    return held.size();
  }

  public boolean isEmpty() {
    return held.isEmpty();
  }

  public int limit() {
    return limit;
  }
}
