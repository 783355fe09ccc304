package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.model.TlsCertificate;

/**
 * Translates routing models into Envoy resources incrementally: each service's resources are kept,
 * and a later model re-translates only the services whose input changed (and, when the activator's
 * endpoints change, only the services that route a revision to it). Unchanged resources are the
 * very same message instances as before, so their memoized serialized size and hash are reused and
 * a server can tell changed resources by identity. Likewise a list of one kind of resource (say the
 * clusters) is the same instance as in the previous {@link #config()} when none of them changed.
 *
 * <p>Not thread-safe: one owner feeds it models one after another.
 */
public final class EnvoyTranslator {

  private GatewaySettings settings;
  private ServiceTranslator translator;
  private List<Endpoint> activatorEndpoints = List.of();
  private List<Secret> secrets = List.of();
  private List<TlsCertificate> certificates = List.of();
  private final TreeMap<String, ServiceTranslation> services = new TreeMap<>();
  private final Map<String, String> hostOwners = new HashMap<>();
  private Listener httpsListener;
  private Listener httpListener;

  private final ResourceList<Cluster> clusters = new ResourceList<>(ServiceTranslation::clusters);
  private final ResourceList<ClusterLoadAssignment> gatewayEndpoints =
      new ResourceList<>(ServiceTranslation::gatewayEndpoints);
  private final ResourceList<ClusterLoadAssignment> activatorEndpointLists =
      new ResourceList<>(ServiceTranslation::activatorEndpoints);
  private final ResourceList<RouteConfiguration> routes =
      new ResourceList<>(t -> List.of(t.routes()));
  private final ResourceList<Listener> apiListeners =
      new ResourceList<>(ServiceTranslation::apiListeners);
  private final ResourceList<FilterChain> filterChains =
      new ResourceList<>(t -> List.of(t.filterChain()));
  private final List<ResourceList<?>> lists =
      List.of(
          clusters, gatewayEndpoints, activatorEndpointLists, routes, apiListeners, filterChains);

  public EnvoyTranslator(GatewaySettings settings) {
    useSettings(Objects.requireNonNull(settings, "gateway settings must be set"));
  }

  /** Translates a whole model once. */
  public static EnvoyConfig translateOnce(RoutingModel model) {
    return new EnvoyTranslator(model.gateway()).translate(model);
  }

  /** Brings the translation to {@code model}, reusing what did not change, and returns it. */
  public EnvoyConfig translate(RoutingModel model) {
    if (!model.gateway().equals(settings)) {
      useSettings(model.gateway());
    }
    setCertificates(model.certificates());
    setActivatorEndpoints(model.activatorEndpoints());
    Set<String> keep = new HashSet<>();
    for (RoutedService s : model.services()) {
      keep.add(s.key());
    }
    for (String key : List.copyOf(services.keySet())) {
      if (!keep.contains(key)) {
        removeService(key);
      }
    }
    // A host may move between services within one model: release the hosts of every changed
    // service first, so that the order of the services does not matter.
    for (RoutedService s : model.services()) {
      ServiceTranslation old = services.get(s.key());
      if (old != null && !old.service().equals(s)) {
        old.service().hosts().forEach(h -> hostOwners.remove(h, s.key()));
      }
    }
    for (RoutedService s : model.services()) {
      putService(s);
    }
    return config();
  }

  /**
   * Adds or replaces one service; nothing else is re-translated.
   *
   * @throws IllegalArgumentException if one of its hosts belongs to another service (the previous
   *     translation of this service is kept)
   */
  public void putService(RoutedService service) {
    ServiceTranslation old = services.get(service.key());
    if (old != null && old.service().equals(service)) {
      return;
    }
    for (String host : service.hosts()) {
      String owner = hostOwners.get(host);
      if (owner != null && !owner.equals(service.key())) {
        throw new IllegalArgumentException(
            "host = '" + host + "' of service " + service.key() + ", is already used by " + owner);
      }
    }
    ServiceTranslation fresh = translator.translate(service, activatorEndpoints);
    if (old != null) {
      old.service().hosts().forEach(h -> hostOwners.remove(h, service.key()));
    }
    for (String host : service.hosts()) {
      hostOwners.put(host, service.key());
    }
    replace(service.key(), old, fresh);
  }

  /**
   * Sets the ready pods of one revision of a translated service: only that revision's cluster and
   * load assignments are built again, the same resources {@link #putService} would give the service
   * with those pods.
   *
   * @return false when the service is not translated (the caller translates it whole); true
   *     otherwise, also when the service does not route the revision (then nothing changes)
   */
  public boolean putEndpoints(String serviceKey, String revisionName, List<Endpoint> endpoints) {
    ServiceTranslation old = services.get(serviceKey);
    if (old == null) {
      return false;
    }
    RoutedService service = old.service();
    List<RevisionRoute> revisions = new ArrayList<>(service.revisions());
    for (int i = 0; i < revisions.size(); i++) {
      RevisionRoute before = revisions.get(i);
      if (!before.name().equals(revisionName)) {
        continue;
      }
      List<Endpoint> ready = List.copyOf(endpoints);
      if (before.endpoints().equals(ready)) {
        return true;
      }
      RevisionRoute after = before.withEndpoints(ready);
      revisions.set(i, after);
      RoutedService next =
          new RoutedService(
              service.namespace(),
              service.name(),
              service.host(),
              service.traffic(),
              service.tags(),
              revisions);
      replace(serviceKey, old, translator.withEndpoints(old, next, after, activatorEndpoints));
      return true;
    }
    return true;
  }

  /** Removes one service by {@code namespace/name}; unknown keys are ignored. */
  public void removeService(String key) {
    ServiceTranslation old = services.remove(key);
    if (old != null) {
      old.service().hosts().forEach(h -> hostOwners.remove(h, key));
      lists.forEach(ResourceList::rebuildAll);
    }
  }

  /** Sets the activator's endpoints; only services with a revision without pods change. */
  public void setActivatorEndpoints(List<Endpoint> endpoints) {
    List<Endpoint> copy = List.copyOf(endpoints);
    if (copy.equals(activatorEndpoints)) {
      return;
    }
    activatorEndpoints = copy;
    for (ServiceTranslation old : List.copyOf(services.values())) {
      if (old.usesActivator()) {
        replace(old.service().key(), old, translator.translate(old.service(), activatorEndpoints));
      }
    }
  }

  /** Sets the certificates served over SDS. */
  public void setCertificates(List<TlsCertificate> newCertificates) {
    if (newCertificates.equals(certificates)) {
      return;
    }
    certificates = List.copyOf(newCertificates);
    List<Secret> list = new ArrayList<>(certificates.size());
    for (TlsCertificate c : certificates) {
      list.add(TlsFactory.secret(c));
    }
    secrets = List.copyOf(list);
  }

  /**
   * The resources of one service that {@code group} receives (empty for an unknown service): what a
   * server pushes to that group, besides the HTTPS listener when the service's hosts changed, after
   * {@link #putService} or {@link #removeService} of that service.
   */
  public List<Message> resourcesOf(String serviceKey, NodeGroup group) {
    ServiceTranslation t = services.get(serviceKey);
    if (t == null) {
      return List.of();
    }
    List<Message> out = new ArrayList<>(t.clusters());
    switch (group) {
      case GATEWAY -> {
        out.addAll(t.gatewayEndpoints());
        out.add(t.routes());
      }
      case ACTIVATOR -> out.addAll(t.activatorEndpoints());
      case PROXYLESS -> {
        out.addAll(t.gatewayEndpoints());
        out.addAll(t.apiListeners());
      }
    }
    return List.copyOf(out);
  }

  /** The resources of every node group for the current state. */
  public EnvoyConfig config() {
    if (!filterChains.isUnchanged() || httpsListener == null) {
      httpsListener = translator.listenerFactory().https(filterChains.list(services));
    }
    List<Cluster> clusterList = clusters.list(services);
    List<ClusterLoadAssignment> gatewayEndpointList = gatewayEndpoints.list(services);
    Map<NodeGroup, GroupResources> groups = new EnumMap<>(NodeGroup.class);
    groups.put(
        NodeGroup.GATEWAY,
        new GroupResources(
            clusterList,
            gatewayEndpointList,
            List.of(httpsListener, httpListener),
            routes.list(services),
            secrets));
    groups.put(
        NodeGroup.ACTIVATOR,
        new GroupResources(
            clusterList, activatorEndpointLists.list(services), List.of(), List.of(), List.of()));
    groups.put(
        NodeGroup.PROXYLESS,
        new GroupResources(
            clusterList, gatewayEndpointList, apiListeners.list(services), List.of(), List.of()));
    return new EnvoyConfig(groups);
  }

  /** Stores {@code fresh} (reusing {@code old}'s equal instances) and notes what changed. */
  private void replace(String key, ServiceTranslation old, ServiceTranslation fresh) {
    if (old == null) {
      lists.forEach(ResourceList::rebuildAll);
      services.put(key, fresh);
      return;
    }
    ServiceTranslation kept = reuseEqual(old, fresh);
    note(clusters, key, old.clusters(), kept.clusters());
    note(gatewayEndpoints, key, old.gatewayEndpoints(), kept.gatewayEndpoints());
    note(activatorEndpointLists, key, old.activatorEndpoints(), kept.activatorEndpoints());
    note(routes, key, List.of(old.routes()), List.of(kept.routes()));
    note(apiListeners, key, old.apiListeners(), kept.apiListeners());
    note(filterChains, key, List.of(old.filterChain()), List.of(kept.filterChain()));
    services.put(key, kept);
  }

  private static <T> void note(ResourceList<T> list, String key, List<T> old, List<T> kept) {
    boolean same = old.size() == kept.size();
    for (int i = 0; same && i < old.size(); i++) {
      same = old.get(i) == kept.get(i);
    }
    if (!same) {
      list.changed(key, old, kept);
    }
  }

  private void useSettings(GatewaySettings newSettings) {
    settings = newSettings;
    translator = new ServiceTranslator(newSettings);
    httpListener = translator.listenerFactory().http();
    for (Map.Entry<String, ServiceTranslation> e : services.entrySet()) {
      ServiceTranslation old = e.getValue();
      e.setValue(reuseEqual(old, translator.translate(old.service(), activatorEndpoints)));
    }
    lists.forEach(ResourceList::rebuildAll);
  }

  /**
   * {@code fresh} with every resource that equals the old one replaced by the old instance, so that
   * unchanged resources keep their identity (and memoized size and hash).
   */
  private static ServiceTranslation reuseEqual(ServiceTranslation old, ServiceTranslation fresh) {
    return new ServiceTranslation(
        fresh.service(),
        reuseEqual(old.clusters(), fresh.clusters()),
        reuseEqual(old.gatewayEndpoints(), fresh.gatewayEndpoints()),
        reuseEqual(old.activatorEndpoints(), fresh.activatorEndpoints()),
        old.routes().equals(fresh.routes()) ? old.routes() : fresh.routes(),
        old.filterChain().equals(fresh.filterChain()) ? old.filterChain() : fresh.filterChain(),
        reuseEqual(old.apiListeners(), fresh.apiListeners()));
  }

  private static <T extends Message> List<T> reuseEqual(List<T> old, List<T> fresh) {
    List<T> out = new ArrayList<>(fresh.size());
    for (T f : fresh) {
      T same = f;
      for (T o : old) {
        if (o.equals(f)) {
          same = o;
          break;
        }
      }
      out.add(same);
    }
    return List.copyOf(out);
  }
}
