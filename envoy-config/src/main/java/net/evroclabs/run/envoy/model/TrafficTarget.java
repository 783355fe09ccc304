package net.evroclabs.run.envoy.model;

/**
 * A share of a service's main host, already resolved to a revision.
 *
 * @param revision the revision name
 * @param percent 0..100; zero-percent targets are kept in the model but get no route
 */
public record TrafficTarget(String revision, int percent) {

  public TrafficTarget {
    Checks.label("traffic revision", revision);
    Checks.range("percent of traffic target " + revision, percent, 0, 100);
  }
}
