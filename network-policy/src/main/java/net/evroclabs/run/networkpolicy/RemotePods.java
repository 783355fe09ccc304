package net.evroclabs.run.networkpolicy;

import java.util.List;
import java.util.Map;

/**
 * Pods outside the system namespace that a component reaches (Prometheus, cluster DNS).
 *
 * @param name what they are, for messages
 * @param namespaceLabels labels of the namespaces they run in; never empty
 * @param podLabels labels that select them there; never empty
 * @param ports the ports they serve on
 */
public record RemotePods(
    String name,
    Map<String, String> namespaceLabels,
    Map<String, String> podLabels,
    List<Port> ports) {

  public RemotePods {
    Checks.dnsLabel("remote pods name", name);
    namespaceLabels = Checks.labels(name + ".namespaceLabels", namespaceLabels, true);
    podLabels = Checks.labels(name + ".podLabels", podLabels, true);
    Checks.present(name + ".ports", ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException(name + ".ports = [], must list at least one port");
    }
    ports = List.copyOf(ports);
  }
}
