package net.evroclabs.run.controller;

/**
 * Whether the gateways serve a Service's routes: the xDS server reports, per Service, the state of
 * the configuration built from the Service's {@code status.traffic} at a given status generation.
 * The controller turns it into the {@code RoutesReady} condition.
 */
public interface RouteAcknowledgements {

  /**
   * The state of the routes built from the Service's status of {@code observedGeneration}.
   *
   * @param observedGeneration the {@code status.observedGeneration} whose {@code status.traffic}
   *     the routes were built from
   */
  RouteState state(String namespace, String service, long observedGeneration);

  /** Calls {@code onChange} whenever some state may have changed. */
  void addListener(Runnable onChange);
}
