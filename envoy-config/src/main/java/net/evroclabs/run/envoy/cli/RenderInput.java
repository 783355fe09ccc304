package net.evroclabs.run.envoy.cli;

import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.TlsCertificate;

/**
 * What the renderer was given.
 *
 * @param config platform config
 * @param services the Services to route
 * @param revisions Revisions known from the files (older pinned revisions' templates)
 * @param readyEndpoints ready pods by cluster name {@code <namespace>/<revision>}
 * @param activatorEndpoints the activator's proxy endpoints
 * @param certificates certificates to serve (the renderer usually has none)
 */
record RenderInput(
    PlatformConfig config,
    List<Service> services,
    List<Revision> revisions,
    Map<String, List<Endpoint>> readyEndpoints,
    List<Endpoint> activatorEndpoints,
    List<TlsCertificate> certificates) {

  RenderInput {
    services = List.copyOf(services);
    revisions = List.copyOf(revisions);
    readyEndpoints = Map.copyOf(readyEndpoints);
    activatorEndpoints = List.copyOf(activatorEndpoints);
    certificates = List.copyOf(certificates);
  }
}
