package net.evroclabs.run.envoy.model;

import java.util.List;
import java.util.Objects;

/**
 * A revision the gateway can route to, with the settings of its template.
 *
 * @param name the revision name, for example {@code hello-00002}
 * @param protocol how its pods speak
 * @param timeoutSeconds per-request timeout, 1..600 (exceeded: 504)
 * @param containerConcurrency in-flight requests a pod accepts, 0 = unlimited
 * @param endpoints ready, non-terminating pods (possibly none)
 */
public record RevisionRoute(
    String name,
    UpstreamProtocol protocol,
    int timeoutSeconds,
    int containerConcurrency,
    List<Endpoint> endpoints) {

  public RevisionRoute {
    Checks.label("revision name", name);
    Objects.requireNonNull(protocol, "protocol of revision " + name + " must be set");
    Checks.range("timeoutSeconds of revision " + name, timeoutSeconds, 1, 600);
    Checks.range("containerConcurrency of revision " + name, containerConcurrency, 0, 1000);
    endpoints = Checks.list("endpoints of revision " + name, endpoints);
  }

  /** The same revision with other ready endpoints. */
  public RevisionRoute withEndpoints(List<Endpoint> newEndpoints) {
    return new RevisionRoute(name, protocol, timeoutSeconds, containerConcurrency, newEndpoints);
  }
}
