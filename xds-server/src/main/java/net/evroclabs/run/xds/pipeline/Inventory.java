package net.evroclabs.run.xds.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.TlsCertificate;

/**
 * The latest known state of everything routing depends on, and which services a change touches.
 * Owned by one thread (the pipeline's). A pod change touches only the ready pods of its revision:
 * it is kept apart from the changes that need the whole service translated again.
 */
final class Inventory {

  private record RevisionInfo(String service, RevisionSpec spec) {}

  private record PodInfo(String revision, String address) {}

  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, Service> previous = new HashMap<>();
  private final Map<String, Long> rejected = new HashMap<>();
  private final Map<String, RevisionInfo> revisions = new HashMap<>();
  private final Map<String, PodInfo> pods = new HashMap<>();
  private final Map<String, TreeMap<String, String>> readyByRevision = new HashMap<>();
  private final TreeMap<String, String> activators = new TreeMap<>();
  private final int activatorPort;
  private PlatformConfig config = PlatformConfig.defaults();
  private TlsCertificate certificate;
  private final Set<String> dirty = new HashSet<>();
  // Service key -> revisions whose ready pods changed.
  private final Map<String, Set<String>> podsChanged = new HashMap<>();
  private boolean configChanged;
  private boolean certificateChanged;
  private boolean activatorsChanged;
  private boolean synced;

  Inventory(int activatorPort) {
    this.activatorPort = activatorPort;
  }

  /**
   * The service to translate for {@code key}: the current one, or, while a gateway rejects the
   * routes of its current generation, the one before it (null when there was none: the service is
   * not served until it changes).
   */
  Service servable(String key) {
    Service current = services.get(key);
    Long bad = rejected.get(key);
    if (current == null || bad == null) {
      return current;
    }
    if (bad != generation(current)) {
      rejected.remove(key);
      return current;
    }
    return previous.get(key);
  }

  /** Whether the routes of {@code key}'s current generation are rejected by a gateway. */
  boolean rejected(String key) {
    Service current = services.get(key);
    Long bad = rejected.get(key);
    return current != null && bad != null && bad == generation(current);
  }

  /** The generation the routes of a service are for: its observed generation, else its own. */
  static long generation(Service service) {
    if (service == null) {
      return 0;
    }
    if (service.getStatus() != null && service.getStatus().getObservedGeneration() != null) {
      return service.getStatus().getObservedGeneration();
    }
    Long g = service.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  void apply(Change change) {
    switch (change) {
      case Change.ServiceUpserted c -> {
        String key =
            key(c.service().getMetadata().getNamespace(), c.service().getMetadata().getName());
        Service old = services.put(key, c.service());
        if (old != null
            && generation(old) != generation(c.service())
            && !Objects.equals(rejected.get(key), generation(old))) {
          previous.put(key, old);
        }
        dirty.add(key);
      }
      case Change.ServiceDeleted c -> {
        String key = key(c.namespace(), c.name());
        services.remove(key);
        previous.remove(key);
        rejected.remove(key);
        dirty.add(key);
      }
      case Change.RoutesRejected c -> {
        Service current = services.get(c.key());
        if (current != null && generation(current) == c.generation()) {
          rejected.put(c.key(), c.generation());
          dirty.add(c.key());
        }
      }
      case Change.RevisionUpserted c -> {
        RevisionInfo old =
            revisions.put(key(c.namespace(), c.name()), new RevisionInfo(c.service(), c.spec()));
        if (old == null || !Objects.equals(old.spec(), c.spec())) {
          dirty.add(key(c.namespace(), c.service()));
        }
      }
      case Change.RevisionDeleted c -> {
        RevisionInfo old = revisions.remove(key(c.namespace(), c.name()));
        if (old != null) {
          dirty.add(key(c.namespace(), old.service()));
        }
      }
      case Change.PodUpserted c ->
          podChanged(c.namespace(), c.name(), c.revision(), c.readyAddress());
      case Change.PodDeleted c -> podChanged(c.namespace(), c.name(), null, null);
      case Change.ActivatorUpserted c -> activatorChanged(c.name(), c.readyAddress());
      case Change.ActivatorDeleted c -> activatorChanged(c.name(), null);
      case Change.ConfigChanged c -> {
        if (!c.config().equals(config)) {
          config = c.config();
          configChanged = true;
          dirty.addAll(services.keySet());
        }
      }
      case Change.CertificateChanged c -> {
        if (!Objects.equals(c.certificate(), certificate)) {
          certificate = c.certificate();
          certificateChanged = true;
        }
      }
      case Change.Synced c -> synced = true;
    }
  }

  private void podChanged(String namespace, String name, String revision, String address) {
    String podKey = key(namespace, name);
    PodInfo old =
        revision == null ? pods.remove(podKey) : pods.put(podKey, new PodInfo(revision, address));
    if (old != null && old.address() != null) {
      String revKey = key(namespace, old.revision());
      TreeMap<String, String> ready = readyByRevision.get(revKey);
      if (ready != null) {
        ready.remove(name);
        if (ready.isEmpty()) {
          readyByRevision.remove(revKey);
        }
      }
    }
    if (revision != null && address != null) {
      readyByRevision
          .computeIfAbsent(key(namespace, revision), k -> new TreeMap<>())
          .put(name, address);
    }
    boolean same =
        old != null
            && revision != null
            && old.revision().equals(revision)
            && Objects.equals(old.address(), address);
    if (!same) {
      if (old != null) {
        markRevisionDirty(namespace, old.revision());
      }
      if (revision != null) {
        markRevisionDirty(namespace, revision);
      }
    }
  }

  private void markRevisionDirty(String namespace, String revision) {
    RevisionInfo info = revisions.get(key(namespace, revision));
    if (info != null) {
      podsChanged
          .computeIfAbsent(key(namespace, info.service()), k -> new HashSet<>())
          .add(revision);
    }
  }

  private void activatorChanged(String name, String address) {
    String old = address == null ? activators.remove(name) : activators.put(name, address);
    if (!Objects.equals(old, address)) {
      activatorsChanged = true;
    }
  }

  /** The services touched since the last call, which clears them. */
  Set<String> takeDirty() {
    Set<String> out = Set.copyOf(dirty);
    dirty.clear();
    return out;
  }

  /**
   * The services whose revisions' ready pods changed since the last call, with those revisions;
   * clears them.
   */
  Map<String, Set<String>> takePodsChanged() {
    Map<String, Set<String>> out = Map.copyOf(podsChanged);
    podsChanged.clear();
    return out;
  }

  boolean takeConfigChanged() {
    boolean c = configChanged;
    configChanged = false;
    return c;
  }

  boolean takeCertificateChanged() {
    boolean c = certificateChanged;
    certificateChanged = false;
    return c;
  }

  boolean takeActivatorsChanged() {
    boolean c = activatorsChanged;
    activatorsChanged = false;
    return c;
  }

  boolean synced() {
    return synced;
  }

  PlatformConfig config() {
    return config;
  }

  TlsCertificate certificate() {
    return certificate;
  }

  Service service(String key) {
    return services.get(key);
  }

  Set<String> serviceKeys() {
    return services.keySet();
  }

  /** A revision's spec, or null when it is unknown. */
  RevisionSpec revision(String namespace, String name) {
    RevisionInfo info = revisions.get(key(namespace, name));
    return info == null ? null : info.spec();
  }

  /** The addresses of a revision's ready pods, sorted by pod name. */
  List<String> readyAddresses(String namespace, String revision) {
    TreeMap<String, String> ready = readyByRevision.get(key(namespace, revision));
    return ready == null ? List.of() : List.copyOf(ready.values());
  }

  List<Endpoint> activatorEndpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (String address : activators.values()) {
      out.add(new Endpoint(address, activatorPort));
    }
    return out;
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
