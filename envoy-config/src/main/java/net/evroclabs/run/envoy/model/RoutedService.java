package net.evroclabs.run.envoy.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One service as the gateway sees it, with everything resolved by the caller.
 *
 * @param namespace Kubernetes namespace
 * @param name service name
 * @param host the service's host, {@code svc-<iid>.<domain>}
 * @param traffic the main host's split; percents sum to 100
 * @param tags tagged hosts, each tag and host unique
 * @param revisions every revision named by {@code traffic} or {@code tags} (more are allowed)
 */
public record RoutedService(
    String namespace,
    String name,
    String host,
    List<TrafficTarget> traffic,
    List<TagRoute> tags,
    List<RevisionRoute> revisions) {

  public RoutedService {
    Checks.label("namespace", namespace);
    Checks.label("service name", name);
    String where = " of service " + namespace + "/" + name;
    Checks.host("host" + where, host);
    traffic = Checks.list("traffic" + where, traffic);
    tags = Checks.list("tags" + where, tags);
    revisions = Checks.list("revisions" + where, revisions);

    Set<String> revisionNames = new HashSet<>();
    for (RevisionRoute r : revisions) {
      if (!revisionNames.add(r.name())) {
        throw new IllegalArgumentException("revisions" + where + " name " + r.name() + " twice");
      }
    }
    int sum = 0;
    for (TrafficTarget t : traffic) {
      requireKnown(revisionNames, t.revision(), "traffic" + where);
      sum += t.percent();
    }
    if (sum != 100) {
      throw new IllegalArgumentException(
          "traffic" + where + " percents sum to " + sum + ", must sum to 100");
    }
    Set<String> tagNames = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    hosts.add(host);
    for (TagRoute t : tags) {
      if (!tagNames.add(t.tag())) {
        throw new IllegalArgumentException("tags" + where + " use tag '" + t.tag() + "' twice");
      }
      if (!hosts.add(t.host())) {
        throw new IllegalArgumentException(
            "host of tag " + t.tag() + where + " = '" + t.host() + "', is used twice");
      }
      requireKnown(revisionNames, t.revision(), "tag " + t.tag() + where);
    }
  }

  /** {@code <namespace>/<name>}, the key of the service in the translation. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The main host followed by the tag hosts. */
  public List<String> hosts() {
    List<String> hosts = new ArrayList<>(1 + tags.size());
    hosts.add(host);
    for (TagRoute t : tags) {
      hosts.add(t.host());
    }
    return List.copyOf(hosts);
  }

  /** The revision with this name; the caller checked it exists. */
  public RevisionRoute revision(String revisionName) {
    for (RevisionRoute r : revisions) {
      if (r.name().equals(revisionName)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "revision = '" + revisionName + "', is not a revision of service " + key());
  }

  private static void requireKnown(Set<String> known, String revision, String field) {
    if (!known.contains(revision)) {
      throw new IllegalArgumentException(
          field + " names revision '" + revision + "', which is not in its revisions " + known);
    }
  }
}
