package net.evroclabs.run.xds.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.TlsCertificate;
import net.evroclabs.run.envoy.translate.EnvoyConfig;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.networkpolicy.Cidr;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsType;
import net.evroclabs.run.xds.routing.RouteMapper;
import net.evroclabs.run.xds.routing.RouteResult;

/**
 * Turns batches of changes into per-group snapshots: applies them to the inventory, re-maps and
 * re-translates only the services they touch (a failing service keeps its last good translation),
 * and builds the next snapshots once the informers have synced. A change of ready pods alone (a
 * scale-up, a pod turning ready) rebuilds only the clusters and load assignments of its revisions,
 * the path a cold start waits on. Single-threaded and free of I/O.
 */
public final class PipelineCore {

  /**
   * The outcome of one batch.
   *
   * @param sequence the build number
   * @param snapshots the next snapshot of every group
   * @param records the gateway record of every service translated (or failed) in the batch
   * @param removed services deleted in the batch
   * @param failures services whose new state could not be translated in the batch
   */
  public record Build(
      long sequence,
      Map<NodeGroup, GroupSnapshot> snapshots,
      Map<String, RouteRecord> records,
      Set<String> removed,
      int failures) {}

  private final Inventory inventory;
  private final GatewaySettings baseSettings;
  private final Versions versions;
  private EnvoyTranslator translator;
  private final ProxylessView proxyless = new ProxylessView();
  private final Map<NodeGroup, GroupSnapshot> current = new EnumMap<>(NodeGroup.class);
  private final Map<String, Long> pendingGenerations = new HashMap<>();
  private final Map<String, String> pendingFailures = new HashMap<>();
  private final Set<String> pendingRemoved = new HashSet<>();
  private int pendingFailureCount;
  private long sequence;

  public PipelineCore(GatewaySettings baseSettings, int activatorPort, Versions versions) {
    this.inventory = new Inventory(activatorPort);
    this.baseSettings = baseSettings;
    this.versions = versions;
    this.translator = new EnvoyTranslator(settingsFor(inventory.config()));
    for (NodeGroup g : NodeGroup.values()) {
      current.put(g, GroupSnapshot.empty(g, versions));
    }
  }

  /** Applies {@code changes}; returns the next build once synced and something changed. */
  public Optional<Build> process(List<Change> changes) {
    for (Change c : changes) {
      inventory.apply(c);
    }
    if (inventory.takeConfigChanged()) {
      EnvoyTranslator fresh = new EnvoyTranslator(settingsFor(inventory.config()));
      fresh.setActivatorEndpoints(inventory.activatorEndpoints());
      fresh.setCertificates(certificates());
      translator = fresh;
    }
    if (inventory.takeCertificateChanged()) {
      translator.setCertificates(certificates());
    }
    if (inventory.takeActivatorsChanged()) {
      translator.setActivatorEndpoints(inventory.activatorEndpoints());
    }
    Set<String> dirty = inventory.takeDirty();
    for (String key : dirty) {
      retranslate(key);
    }
    for (Map.Entry<String, Set<String>> e : inventory.takePodsChanged().entrySet()) {
      if (!dirty.contains(e.getKey()) && !refreshPods(e.getKey(), e.getValue())) {
        retranslate(e.getKey());
      }
    }
    if (!inventory.synced()) {
      return Optional.empty();
    }
    EnvoyConfig config = translator.config();
    long next = sequence + 1;
    Map<NodeGroup, GroupSnapshot> snapshots = new EnumMap<>(NodeGroup.class);
    boolean changed = sequence == 0;
    for (NodeGroup g : NodeGroup.values()) {
      GroupResources resources =
          g == NodeGroup.PROXYLESS ? proxyless.adapt(config.group(g)) : config.group(g);
      GroupSnapshot s = current.get(g).next(resources, next, versions);
      changed |= s != current.get(g);
      snapshots.put(g, s);
    }
    if (!changed && pendingGenerations.isEmpty() && pendingFailures.isEmpty()) {
      pendingRemoved.clear();
      return Optional.empty();
    }
    sequence = next;
    current.putAll(snapshots);
    GroupSnapshot gateway = snapshots.get(NodeGroup.GATEWAY);
    Map<XdsType, Long> required = new EnumMap<>(XdsType.class);
    for (XdsType t : List.of(XdsType.CLUSTERS, XdsType.LISTENERS, XdsType.ROUTES)) {
      required.put(t, versions.sequenceOf(gateway.type(t).version()));
    }
    Map<String, RouteRecord> records = new HashMap<>();
    for (Map.Entry<String, Long> e : pendingGenerations.entrySet()) {
      records.put(
          e.getKey(), new RouteRecord(e.getValue(), required, resourceNames(e.getKey()), null));
    }
    for (Map.Entry<String, String> e : pendingFailures.entrySet()) {
      Service s = inventory.service(e.getKey());
      records.put(
          e.getKey(),
          new RouteRecord(generation(s), Map.of(), resourceNames(e.getKey()), e.getValue()));
    }
    Build build =
        new Build(
            sequence,
            Map.copyOf(snapshots),
            records,
            Set.copyOf(pendingRemoved),
            pendingFailureCount);
    pendingGenerations.clear();
    pendingFailures.clear();
    pendingRemoved.clear();
    pendingFailureCount = 0;
    return Optional.of(build);
  }

  /** The snapshots of the last build (empty groups before the first). */
  public Map<NodeGroup, GroupSnapshot> current() {
    return Map.copyOf(current);
  }

  public int serviceCount() {
    return inventory.serviceKeys().size();
  }

  private void retranslate(String key) {
    Service service = inventory.servable(key);
    boolean rejected = inventory.rejected(key);
    if (service == null && rejected) {
      // A new service whose first routes a gateway rejected: not served until it changes.
      translator.removeService(key);
      pendingGenerations.remove(key);
      return;
    }
    if (service == null) {
      translator.removeService(key);
      pendingGenerations.remove(key);
      pendingFailures.remove(key);
      pendingRemoved.add(key);
      return;
    }
    String namespace = service.getMetadata().getNamespace();
    RouteResult result =
        RouteMapper.map(
            service,
            inventory.config(),
            revision -> inventory.revision(namespace, revision),
            revision -> inventory.readyAddresses(namespace, revision));
    switch (result) {
      case RouteResult.Routable r -> {
        try {
          translator.putService(r.service());
          if (rejected) {
            // Served as before the rejected generation; its record keeps the rejection.
            pendingGenerations.remove(key);
          } else {
            pendingFailures.remove(key);
            pendingGenerations.put(key, generation(service));
          }
        } catch (IllegalArgumentException e) {
          fail(key, e.getMessage());
        }
      }
      case RouteResult.Invalid i -> fail(key, i.message());
      case RouteResult.Waiting w -> {
        // Nothing to route yet: whatever was served for the service stays until it can be mapped.
      }
    }
  }

  /**
   * Gives the translation of service {@code key} the current ready pods of {@code revisions},
   * building only their clusters and load assignments. False when that is not enough: the service
   * is not translated yet, or a revision or pod address cannot be used; the caller then translates
   * the whole service.
   */
  private boolean refreshPods(String key, Set<String> revisions) {
    int slash = key.indexOf('/');
    String namespace = key.substring(0, slash);
    for (String revision : revisions) {
      RevisionSpec spec = inventory.revision(namespace, revision);
      if (spec == null) {
        return false;
      }
      List<Endpoint> ready;
      try {
        ready = RouteMapper.endpoints(inventory.readyAddresses(namespace, revision), spec);
      } catch (IllegalArgumentException e) {
        return false;
      }
      if (!translator.putEndpoints(key, revision, ready)) {
        return false;
      }
    }
    return true;
  }

  private void fail(String key, String message) {
    pendingGenerations.remove(key);
    pendingFailures.put(key, message);
    pendingFailureCount++;
  }

  private List<String> resourceNames(String key) {
    List<String> names = new ArrayList<>();
    names.add("routes/" + key);
    Service service = inventory.service(key);
    if (service == null
        || service.getStatus() == null
        || service.getStatus().getTraffic() == null) {
      return names;
    }
    String namespace = service.getMetadata().getNamespace();
    service.getStatus().getTraffic().stream()
        .map(t -> namespace + "/" + t.getRevisionName())
        .distinct()
        .forEach(names::add);
    return names;
  }

  private static long generation(Service service) {
    return Inventory.generation(service);
  }

  private List<TlsCertificate> certificates() {
    return inventory.certificate() == null ? List.of() : List.of(inventory.certificate());
  }

  private GatewaySettings settingsFor(PlatformConfig config) {
    List<Cidr> cidrs = new ArrayList<>();
    for (String cidr : config.workloadPodCidrs()) {
      cidrs.add(Cidr.parse(cidr));
    }
    return baseSettings.withTlsSecretName(config.tlsSecretName()).withWorkloadCidrs(cidrs);
  }
}
