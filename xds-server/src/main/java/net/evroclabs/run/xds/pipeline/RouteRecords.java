package net.evroclabs.run.xds.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.StreamState;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each service's routes have reached the gateways: acknowledged once every connected
 * gateway has acknowledged versions that contain the translated generation, rejected when a
 * gateway's NACK is attributable to the service. Thread-safe.
 */
public final class RouteRecords {

  /** Where a service's routes stand. */
  public enum Kind {
    PENDING,
    ACKNOWLEDGED,
    REJECTED
  }

  /** The state of a service's routes, with a message a user can act on. */
  public record State(Kind kind, String message) {}

  private record Rejection(long generation, String detail) {}

  private static final Logger LOG = LoggerFactory.getLogger(RouteRecords.class);

  private final XdsStreams streams;
  private final Versions versions;
  private final Map<String, RouteRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Rejection> rejections = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, Long>> rejectionListeners = new CopyOnWriteArrayList<>();

  public RouteRecords(XdsStreams streams, Versions versions) {
    this.streams = streams;
    this.versions = versions;
  }

  public void addListener(Runnable onChange) {
    listeners.add(onChange);
  }

  /**
   * Calls {@code onRejected} with a service key and the generation whose routes a gateway rejected,
   * whenever a rejection is attributed to a service.
   */
  public void onRejected(BiConsumer<String, Long> onRejected) {
    rejectionListeners.add(onRejected);
  }

  /** Records what a build gave the gateways. */
  void update(Map<String, RouteRecord> built, Set<String> removed) {
    if (built.isEmpty() && removed.isEmpty()) {
      return;
    }
    for (Map.Entry<String, RouteRecord> e : built.entrySet()) {
      if (e.getValue().failure() != null) {
        // Keep what is served (if anything); remember the failure against the new generation.
        rejections.put(
            e.getKey(), new Rejection(e.getValue().generation(), e.getValue().failure()));
        continue;
      }
      records.put(e.getKey(), e.getValue());
      Rejection r = rejections.get(e.getKey());
      if (r != null && r.generation() < e.getValue().generation()) {
        rejections.remove(e.getKey());
      }
    }
    for (String key : removed) {
      records.remove(key);
      rejections.remove(key);
    }
    changed();
  }

  /** Tells listeners that acknowledgements moved on. */
  public void changed() {
    listeners.forEach(Runnable::run);
  }

  /**
   * Attributes a gateway's rejection of {@code version} of {@code type} to the services whose
   * resources the error detail names, or to the one service that changed since the last version the
   * node acknowledged.
   */
  public void rejected(StreamState stream, XdsType type, String version, String detail) {
    if (stream.group() != NodeGroup.GATEWAY) {
      return;
    }
    long rejectedSeq = versions.sequenceOf(version);
    long ackedSeq = versions.sequenceOf(stream.ackedVersion(type));
    Set<String> named = new java.util.TreeSet<>();
    String onlyChanged = null;
    int changedCount = 0;
    for (Map.Entry<String, RouteRecord> e : records.entrySet()) {
      RouteRecord r = e.getValue();
      for (String name : r.resourceNames()) {
        if (detail.contains(name)) {
          named.add(e.getKey());
          rejections.put(e.getKey(), new Rejection(r.generation(), detail));
        }
      }
      Long required = r.required().get(type);
      if (required != null && required > ackedSeq && required <= rejectedSeq) {
        changedCount++;
        onlyChanged = e.getKey();
      }
    }
    if (named.isEmpty() && changedCount == 1) {
      rejections.put(onlyChanged, new Rejection(records.get(onlyChanged).generation(), detail));
      named.add(onlyChanged);
    }
    for (String key : named) {
      long generation = rejections.get(key).generation();
      for (BiConsumer<String, Long> l : rejectionListeners) {
        l.accept(key, generation);
      }
    }
    LOG.warn(
        "gateway {} rejected {} version {}{}: {}",
        stream.nodeId(),
        type.shortName(),
        version,
        named.isEmpty() ? "" : " (service " + String.join(", ", named) + ")",
        detail);
    changed();
  }

  /** The state of a service's routes for its status generation {@code generation}. */
  public State state(String namespace, String service, long generation) {
    String key = namespace + "/" + service;
    Rejection rejection = rejections.get(key);
    if (rejection != null && rejection.generation() >= generation) {
      return new State(Kind.REJECTED, rejection.detail());
    }
    RouteRecord record = records.get(key);
    if (record == null || record.generation() < generation) {
      return new State(
          Kind.PENDING, "generation " + generation + " of " + key + " is not translated yet");
    }
    List<StreamState> gateways = streams.inGroup(NodeGroup.GATEWAY);
    if (gateways.isEmpty()) {
      return new State(Kind.PENDING, "no gateway is connected to receive the routes of " + key);
    }
    for (StreamState g : gateways) {
      for (Map.Entry<XdsType, Long> req : record.required().entrySet()) {
        if (versions.sequenceOf(g.ackedVersion(req.getKey())) < req.getValue()) {
          return new State(
              Kind.PENDING,
              "gateway "
                  + g.nodeId()
                  + " has not acknowledged the "
                  + req.getKey().shortName()
                  + " version with the routes of "
                  + key
                  + " yet");
        }
      }
    }
    return new State(Kind.ACKNOWLEDGED, "every connected gateway serves the routes of " + key);
  }

  /** The record of a service, or null. */
  public RouteRecord record(String namespace, String service) {
    return records.get(namespace + "/" + service);
  }
}
