package net.evroclabs.run.controller;

/** A write lost an optimistic-concurrency race: the resource changed since it was read. */
public final class StaleResourceException extends RuntimeException {

  public StaleResourceException(ResourceKey key, Throwable cause) {
    super(key + " changed since it was read", cause);
  }
}
