package net.evroclabs.run.xds.pipeline;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import net.evroclabs.run.envoy.translate.GroupResources;

/**
 * What gRPC's xDS client accepts of the proxyless group's resources. It ignores a locality without
 * {@code load_balancing_weight} (Envoy does not), so such localities get weight 1; and it rejects a
 * whole listener whose routes contain a {@code direct_response} action, so the catch-all virtual
 * hosts that answer directly (a gRPC channel only ever asks for its own host) are left out. Adapted
 * resources are remembered by their source instance, so an unchanged resource keeps its adapted
 * instance and version.
 */
final class ProxylessView {

  private record Adapted<T>(T source, T adapted) {}

  private Map<String, Adapted<ClusterLoadAssignment>> endpoints = new HashMap<>();
  private Map<String, Adapted<Listener>> listeners = new HashMap<>();

  GroupResources adapt(GroupResources resources) {
    Map<String, Adapted<ClusterLoadAssignment>> nextEndpoints = new HashMap<>();
    List<ClusterLoadAssignment> eds =
        adaptAll(
            resources.endpoints(),
            endpoints,
            nextEndpoints,
            ClusterLoadAssignment::getClusterName,
            ProxylessView::weighted);
    Map<String, Adapted<Listener>> nextListeners = new HashMap<>();
    List<Listener> lds =
        adaptAll(
            resources.listeners(),
            listeners,
            nextListeners,
            Listener::getName,
            ProxylessView::withoutDirectResponses);
    endpoints = nextEndpoints;
    listeners = nextListeners;
    return new GroupResources(
        resources.clusters(), eds, lds, resources.routes(), resources.secrets());
  }

  private static <T extends Message> List<T> adaptAll(
      List<T> in,
      Map<String, Adapted<T>> previous,
      Map<String, Adapted<T>> next,
      Function<T, String> name,
      UnaryOperator<T> adapt) {
    List<T> out = new ArrayList<>(in.size());
    for (T source : in) {
      Adapted<T> a = previous.get(name.apply(source));
      if (a == null || a.source() != source) {
        a = new Adapted<>(source, adapt.apply(source));
      }
      next.put(name.apply(source), a);
      out.add(a.adapted());
    }
    return out;
  }

  static ClusterLoadAssignment weighted(ClusterLoadAssignment cla) {
    boolean missing = false;
    for (LocalityLbEndpoints l : cla.getEndpointsList()) {
      missing |= !l.hasLoadBalancingWeight();
    }
    if (!missing) {
      return cla;
    }
    ClusterLoadAssignment.Builder b = cla.toBuilder();
    for (LocalityLbEndpoints.Builder l : b.getEndpointsBuilderList()) {
      if (!l.hasLoadBalancingWeight()) {
        l.setLoadBalancingWeight(UInt32Value.of(1));
      }
    }
    return b.build();
  }

  static Listener withoutDirectResponses(Listener listener) {
    if (!listener.hasApiListener()) {
      return listener;
    }
    Any packed = listener.getApiListener().getApiListener();
    HttpConnectionManager hcm;
    try {
      hcm = packed.unpack(HttpConnectionManager.class);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "API listener " + listener.getName() + " does not hold an HttpConnectionManager", e);
    }
    if (!hcm.hasRouteConfig()) {
      return listener;
    }
    RouteConfiguration routes = hcm.getRouteConfig();
    RouteConfiguration.Builder kept = routes.toBuilder().clearVirtualHosts();
    for (VirtualHost vh : routes.getVirtualHostsList()) {
      if (vh.getRoutesList().stream().noneMatch(Route::hasDirectResponse)) {
        kept.addVirtualHosts(vh);
      }
    }
    if (kept.getVirtualHostsCount() == routes.getVirtualHostsCount()) {
      return listener;
    }
    HttpConnectionManager adapted = hcm.toBuilder().setRouteConfig(kept).build();
    Listener.Builder b = listener.toBuilder();
    b.getApiListenerBuilder().setApiListener(Any.pack(adapted));
    return b.build();
  }
}
