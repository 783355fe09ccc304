package net.evroclabs.run.networkpolicy;

import java.util.List;
import java.util.Map;

/**
 * A platform component's pods in the system namespace.
 *
 * @param name the component's name, used in policy names ({@code run-<name>}) and messages
 * @param podLabels labels that select exactly this component's pods; never empty
 * @param servingPorts TCP ports its peers connect to
 * @param metricsPort TCP port of its Prometheus {@code /metrics} (or Envoy stats) endpoint; may be
 *     one of the serving ports (the scaler serves its API and metrics on one port)
 */
public record Component(
    String name, Map<String, String> podLabels, List<Integer> servingPorts, int metricsPort) {

  public Component {
    Checks.dnsLabel("component name", name);
    podLabels = Checks.labels(name + ".podLabels", podLabels, true);
    servingPorts = Checks.ports(name + ".servingPorts", servingPorts);
    Checks.port(name + ".metricsPort", metricsPort);
  }
}
