package net.evroclabs.run.controller;

/**
 * Routes count as ready as soon as they are published in the Service's status: used until the xDS
 * server supplies acknowledgements from the gateways.
 */
public final class PublishedRoutes implements RouteAcknowledgements {

  private static final RouteState PUBLISHED = RouteState.acknowledged("published");

  @Override
  public RouteState state(String namespace, String service, long observedGeneration) {
    return PUBLISHED;
  }

  @Override
  public void addListener(Runnable onChange) {
    // The state never changes, so there is nothing to tell a listener.
  }
}
