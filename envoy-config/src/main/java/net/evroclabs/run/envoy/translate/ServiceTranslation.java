package net.evroclabs.run.envoy.translate;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import net.evroclabs.run.envoy.model.RoutedService;

/**
 * Every resource that belongs to one service, kept so that a change to another service reuses it.
 *
 * @param service the input it was translated from
 * @param clusters one per revision, sorted by name
 * @param gatewayEndpoints ready pods, or the activator for a revision without any
 * @param activatorEndpoints the real ready pods, possibly none
 * @param routes the service's route configuration (gateway and proxyless)
 * @param filterChain the service's chain in the HTTPS listener
 * @param apiListeners one proxyless API listener per host, with the service's virtual hosts inline
 */
record ServiceTranslation(
    RoutedService service,
    List<Cluster> clusters,
    List<ClusterLoadAssignment> gatewayEndpoints,
    List<ClusterLoadAssignment> activatorEndpoints,
    RouteConfiguration routes,
    FilterChain filterChain,
    List<Listener> apiListeners) {

  /** Whether a revision has no ready pod, so that its gateway endpoints are the activator's. */
  boolean usesActivator() {
    return service.revisions().stream().anyMatch(r -> r.endpoints().isEmpty());
  }
}
