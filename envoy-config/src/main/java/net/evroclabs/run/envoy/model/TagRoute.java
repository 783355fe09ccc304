package net.evroclabs.run.envoy.model;

/**
 * A tagged target, reachable at its own host even at zero percent.
 *
 * @param tag the tag, for example {@code previous}
 * @param host the tag's host, for example {@code previous-svc-k3x9q2m7ab.example.net}
 * @param revision the revision the tag points at
 */
public record TagRoute(String tag, String host, String revision) {

  public TagRoute {
    Checks.label("tag", tag);
    Checks.host("host of tag " + tag, host);
    Checks.label("revision of tag " + tag, revision);
  }
}
