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
import java.util.Collections;
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

  /**
   * One kind's adapted resources, kept between calls. A list that is the very instance of the last
   * call (the translator keeps unchanged kinds' lists) is not walked; one of the same length is
   * compared slot by slot (the translator changes a list in place), so only changed slots are
   * adapted; otherwise every resource is looked up by name.
   */
  private static final class AdaptedKind<T extends Message> {
    private final Function<T, String> name;
    private final UnaryOperator<T> adapt;
    private List<T> in = List.of();
    private List<T> out = List.of();
    private Map<String, Adapted<T>> byName = new HashMap<>();

    AdaptedKind(Function<T, String> name, UnaryOperator<T> adapt) {
      this.name = name;
      this.adapt = adapt;
    }

    List<T> adapt(List<T> fresh) {
      if (fresh == in) {
        return out;
      }
      if (fresh.size() != in.size() || !inPlace(fresh)) {
        rebuild(fresh);
      }
      in = fresh;
      return out;
    }

    private boolean inPlace(List<T> fresh) {
      for (int i = 0; i < fresh.size(); i++) {
        T now = fresh.get(i);
        T before = in.get(i);
        if (now != before && !name.apply(now).equals(name.apply(before))) {
          return false;
        }
      }
      List<T> next = new ArrayList<>(out);
      for (int i = 0; i < fresh.size(); i++) {
        T now = fresh.get(i);
        if (now != in.get(i)) {
          T adapted = adapt.apply(now);
          next.set(i, adapted);
          byName.put(name.apply(now), new Adapted<>(now, adapted));
        }
      }
      out = Collections.unmodifiableList(next);
      return true;
    }

    private void rebuild(List<T> fresh) {
      Map<String, Adapted<T>> next = HashMap.newHashMap(fresh.size());
      List<T> list = new ArrayList<>(fresh.size());
      for (T source : fresh) {
        String n = name.apply(source);
        Adapted<T> a = byName.get(n);
        if (a == null || a.source() != source) {
          a = new Adapted<>(source, adapt.apply(source));
        }
        next.put(n, a);
        list.add(a.adapted());
      }
      byName = next;
      out = Collections.unmodifiableList(list);
    }
  }

  private final AdaptedKind<ClusterLoadAssignment> endpoints =
      new AdaptedKind<>(ClusterLoadAssignment::getClusterName, ProxylessView::weighted);
  private final AdaptedKind<Listener> listeners =
      new AdaptedKind<>(Listener::getName, ProxylessView::withoutDirectResponses);

  GroupResources adapt(GroupResources resources) {
    return new GroupResources(
        resources.clusters(),
        endpoints.adapt(resources.endpoints()),
        listeners.adapt(resources.listeners()),
        resources.routes(),
        resources.secrets());
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
