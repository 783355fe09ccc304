package net.evroclabs.run.envoy.translate;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;

/** Translates one service into all of its resources; pure. */
final class ServiceTranslator {

  private final ClusterFactory clusters;
  private final RouteConfigurationFactory routes;
  private final ListenerFactory listeners;

  ServiceTranslator(GatewaySettings settings) {
    this.clusters = new ClusterFactory(settings);
    this.routes = new RouteConfigurationFactory(settings);
    this.listeners = new ListenerFactory(settings, routes.unknownHost());
  }

  RouteConfigurationFactory routeFactory() {
    return routes;
  }

  ListenerFactory listenerFactory() {
    return listeners;
  }

  /**
   * {@code old} with the ready pods of {@code revision} replaced: the same as translating {@code
   * next} (which differs from {@code old}'s service only there), but only that revision's cluster
   * and load assignments are built again; routes and listeners do not depend on pods.
   */
  ServiceTranslation withEndpoints(
      ServiceTranslation old,
      RoutedService next,
      RevisionRoute revision,
      List<Endpoint> activatorEndpoints) {
    String name = Names.cluster(next.namespace(), revision.name());
    int index = -1;
    for (int i = 0; i < old.clusters().size(); i++) {
      if (old.clusters().get(i).getName().equals(name)) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      return translate(next, activatorEndpoints);
    }
    boolean cold = revision.endpoints().isEmpty();
    ClusterLoadAssignment real = LoadAssignmentFactory.assignment(name, revision.endpoints());
    return new ServiceTranslation(
        next,
        replaced(old.clusters(), index, clusters.cluster(next.namespace(), revision, cold)),
        replaced(
            old.gatewayEndpoints(),
            index,
            cold ? LoadAssignmentFactory.assignment(name, activatorEndpoints) : real),
        replaced(old.activatorEndpoints(), index, real),
        old.routes(),
        old.filterChain(),
        old.apiListeners());
  }

  private static <T> List<T> replaced(List<T> list, int index, T element) {
    List<T> out = new ArrayList<>(list);
    out.set(index, element);
    return List.copyOf(out);
  }

  ServiceTranslation translate(RoutedService service, List<Endpoint> activatorEndpoints) {
    List<RevisionRoute> revisions = new ArrayList<>(service.revisions());
    revisions.sort(Comparator.comparing(RevisionRoute::name));
    List<Cluster> clusterList = new ArrayList<>(revisions.size());
    List<ClusterLoadAssignment> gateway = new ArrayList<>(revisions.size());
    List<ClusterLoadAssignment> activator = new ArrayList<>(revisions.size());
    for (RevisionRoute r : revisions) {
      String name = Names.cluster(service.namespace(), r.name());
      boolean cold = r.endpoints().isEmpty();
      clusterList.add(clusters.cluster(service.namespace(), r, cold));
      ClusterLoadAssignment real = LoadAssignmentFactory.assignment(name, r.endpoints());
      activator.add(real);
      gateway.add(cold ? LoadAssignmentFactory.assignment(name, activatorEndpoints) : real);
    }
    List<VirtualHost> virtualHosts = VirtualHostFactory.virtualHosts(service);
    RouteConfiguration serviceRoutes = routes.forService(service.key(), virtualHosts);
    List<String> hosts = service.hosts();
    List<Listener> apiListeners =
        ListenerFactory.apiListeners(hosts, routes.forClients(service.key(), virtualHosts));
    return new ServiceTranslation(
        service,
        List.copyOf(clusterList),
        List.copyOf(gateway),
        List.copyOf(activator),
        serviceRoutes,
        listeners.serviceChain(service.key(), hosts),
        apiListeners);
  }
}
