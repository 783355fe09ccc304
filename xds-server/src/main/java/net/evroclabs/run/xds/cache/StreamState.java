package net.evroclabs.run.xds.cache;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.evroclabs.run.envoy.translate.NodeGroup;

/**
 * What the server knows about one open xDS stream: the node, its group, and per resource type the
 * responses in flight, the last acknowledged version and the last rejection. Thread-safe.
 */
public final class StreamState {

  /** The outcome of a request that answers one of our responses. */
  public sealed interface Reply {}

  /** The response carrying {@code version} was applied, {@code latencyNanos} after it was sent. */
  public record Ack(String version, long latencyNanos) implements Reply {}

  /** The response carrying {@code version} was rejected with {@code detail}. */
  public record Nack(String version, String detail) implements Reply {}

  /** A request that answers nothing we know of (first request, or a stale nonce). */
  public record NoReply() implements Reply {}

  /** A rejection as shown on {@code /debug/xds}. */
  public record Rejection(XdsType type, String version, String detail, Instant at) {}

  private record Sent(String version, long atNanos) {}

  private static final int MAX_IN_FLIGHT = 32;

  private final long id;
  private final String nodeId;
  private final NodeGroup group;
  private final boolean delta;
  private final Instant connectedAt;
  private final Map<XdsType, Map<String, Sent>> inFlight = new EnumMap<>(XdsType.class);
  private final Map<XdsType, String> acked = new EnumMap<>(XdsType.class);
  private final Map<XdsType, String> rejected = new EnumMap<>(XdsType.class);
  private final Map<XdsType, Set<String>> unsubscribed = new EnumMap<>(XdsType.class);
  private final Map<XdsType, Held> held = new EnumMap<>(XdsType.class);
  private final Map<XdsType, DeltaHeld> deltaHeld = new EnumMap<>(XdsType.class);
  private Rejection lastRejection;
  private TypeSnapshot clustersSent;
  private TypeSnapshot clustersSentBefore;

  public StreamState(long id, String nodeId, NodeGroup group, boolean delta, Instant connectedAt) {
    this.id = id;
    this.nodeId = nodeId;
    this.group = group;
    this.delta = delta;
    this.connectedAt = connectedAt;
  }

  public long id() {
    return id;
  }

  public String nodeId() {
    return nodeId;
  }

  public NodeGroup group() {
    return group;
  }

  public boolean delta() {
    return delta;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  /** Records a response sent with {@code nonce} carrying {@code version}. */
  public synchronized void sent(XdsType type, String nonce, String version, long nanos) {
    Map<String, Sent> m =
        inFlight.computeIfAbsent(
            type,
            t ->
                new LinkedHashMap<>() {
                  @Override
                  protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                    return size() > MAX_IN_FLIGHT;
                  }
                });
    m.put(nonce, new Sent(version, nanos));
  }

  /**
   * Records a request that answers the response with {@code nonce}: an ACK, or a NACK when {@code
   * errorDetail} is not null.
   */
  public synchronized Reply received(
      XdsType type, String nonce, String errorDetail, Instant now, long nanos) {
    Map<String, Sent> m = inFlight.get(type);
    Sent sent = m == null || nonce.isEmpty() ? null : m.remove(nonce);
    if (sent == null) {
      return new NoReply();
    }
    if (errorDetail != null) {
      held.remove(type);
      deltaHeld.remove(type);
      rejected.put(type, sent.version());
      lastRejection = new Rejection(type, sent.version(), errorDetail, now);
      return new Nack(sent.version(), errorDetail);
    }
    acked.put(type, sent.version());
    rejected.remove(type);
    return new Ack(sent.version(), nanos - sent.atNanos());
  }

  /**
   * Records a delta request's subscription changes. java-control-plane re-tracks the names of an
   * acknowledged response after applying the same request's unsubscriptions, so the names a client
   * unsubscribed from are remembered here until it subscribes to them again.
   */
  public synchronized void subscriptions(
      XdsType type, List<String> subscribe, List<String> unsubscribe) {
    Set<String> gone = unsubscribed.computeIfAbsent(type, t -> new HashSet<>());
    gone.removeAll(subscribe);
    gone.addAll(unsubscribe);
  }

  /** Names a delta client unsubscribed from and did not subscribe to again. */
  public synchronized Set<String> unsubscribed(XdsType type) {
    return Set.copyOf(unsubscribed.getOrDefault(type, Set.of()));
  }

  /**
   * What a state-of-the-world stream was sent of a type it requests by name: for every name in
   * {@code names}, the client holds that resource as it is in {@code snapshot} (or does not have it
   * when the snapshot has no such resource).
   *
   * @param names the names of the request the last response answered, in request order
   * @param nameSet the same names, for lookups
   * @param snapshot the snapshot the last response was computed against
   */
  public record Held(List<String> names, Set<String> nameSet, TypeSnapshot snapshot) {}

  /**
   * What this stream holds of {@code type} requested by name, or null when nothing was sent yet or
   * the last response was rejected (after which the next response carries everything requested).
   */
  public synchronized Held held(XdsType type) {
    return held.get(type);
  }

  /** Records what a response for named resources leaves the stream holding. */
  public synchronized void hold(XdsType type, Held state) {
    held.put(type, state);
  }

  /**
   * What a delta stream's last response of a type was computed against: once acknowledged, the
   * client holds {@code snapshot}'s version of every resource it subscribes to.
   *
   * @param snapshot the snapshot
   * @param subscribed the names subscribed to, empty for a wildcard type
   */
  public record DeltaHeld(TypeSnapshot snapshot, Set<String> subscribed) {}

  /** What the last delta response of {@code type} left the client holding, or null. */
  public synchronized DeltaHeld deltaHeld(XdsType type) {
    return deltaHeld.get(type);
  }

  /** Records what a delta response leaves the client holding once acknowledged. */
  public synchronized void holdDelta(XdsType type, DeltaHeld state) {
    deltaHeld.put(type, state);
  }

  /** Records the cluster snapshot a state-of-the-world response was computed against. */
  public synchronized void clustersSent(TypeSnapshot snapshot) {
    if (snapshot != clustersSent) {
      clustersSentBefore = clustersSent;
      clustersSent = snapshot;
    }
  }

  /**
   * The clusters the last cluster response added or changed compared with the one before (every
   * cluster for the first), which the client warms; empty when that is not known.
   */
  public synchronized Optional<Set<String>> clustersLastChanged() {
    if (clustersSent == null) {
      return Optional.empty();
    }
    if (clustersSentBefore == null) {
      return Optional.of(clustersSent.byName().keySet());
    }
    return clustersSent.changedSince(clustersSentBefore);
  }

  /** The version last acknowledged for {@code type}, or null. */
  public synchronized String ackedVersion(XdsType type) {
    return acked.get(type);
  }

  /** The version the last reply for {@code type} rejected, or null when it was acknowledged. */
  public synchronized String rejectedVersion(XdsType type) {
    return rejected.get(type);
  }

  public synchronized Map<XdsType, String> ackedVersions() {
    return Map.copyOf(acked);
  }

  public synchronized Optional<Rejection> lastRejection() {
    return Optional.ofNullable(lastRejection);
  }
}
