package net.evroclabs.run.controller;

import java.util.function.Consumer;

/** Tells the controller which resources changed. */
public interface ChangeFeed {

  /**
   * Subscribes to changes: {@code services} receives a Service's key when it or one of its
   * Revisions changed; {@code revisions} receives a Revision's key when it, its workload or one of
   * its instances changed.
   */
  void subscribe(Consumer<ResourceKey> services, Consumer<ResourceKey> revisions);
}
