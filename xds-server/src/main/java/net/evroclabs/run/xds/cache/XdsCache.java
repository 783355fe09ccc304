package net.evroclabs.run.xds.cache;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import net.evroclabs.run.envoy.translate.NodeGroup;

/**
 * The snapshots served to each node group, and the watches of the connected streams (state of the
 * world and delta). Unlike java-control-plane's {@code SimpleCache}, a NACK is not answered with
 * the same snapshot again: the node stays on its last acknowledged config until a snapshot with a
 * different version of that type exists. Nothing is served before the first {@link #publish}.
 */
public final class XdsCache implements ConfigWatcher {

  private record SotwEntry(
      Watch watch,
      StreamState stream,
      XdsType type,
      String rejectedVersion,
      String heldVersion,
      boolean clusterWarming) {}

  /**
   * @param subscribed the names a named type's client subscribes to
   * @param held the snapshot the client holds every subscribed resource of (its last response was
   *     computed against it and acknowledged), or null when the watch carries the client's tracked
   *     versions instead
   */
  private record DeltaEntry(
      DeltaWatch watch,
      StreamState stream,
      XdsType type,
      String rejectedVersion,
      Set<String> subscribed,
      TypeSnapshot held) {}

  private final Object lock = new Object();
  private final Map<NodeGroup, GroupSnapshot> snapshots = new EnumMap<>(NodeGroup.class);
  private final Map<NodeGroup, Set<SotwEntry>> sotw = new EnumMap<>(NodeGroup.class);
  private final Map<NodeGroup, Set<DeltaEntry>> deltas = new EnumMap<>(NodeGroup.class);
  private volatile boolean serving;
  private volatile Map<NodeGroup, GroupSnapshot> published = Map.of();

  public XdsCache() {
    // Each entry is a distinct watch: identity sets, as hashing an entry would hash its names.
    for (NodeGroup g : NodeGroup.values()) {
      sotw.put(g, Collections.newSetFromMap(new IdentityHashMap<>()));
      deltas.put(g, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
  }

  /** Whether a first complete configuration has been published. */
  public boolean serving() {
    return serving;
  }

  /** The snapshot currently served to {@code group}, if any. */
  public Optional<GroupSnapshot> snapshot(NodeGroup group) {
    return Optional.ofNullable(published.get(group));
  }

  /**
   * The order in which a build reaches the groups: the activators first, as requests held for a
   * revision at zero wait for its first ready pod; then the gateways.
   */
  static final List<NodeGroup> PUBLISH_ORDER =
      List.of(NodeGroup.ACTIVATOR, NodeGroup.GATEWAY, NodeGroup.PROXYLESS);

  /** Serves {@code next} to every group it names and answers the watches it satisfies. */
  public void publish(Map<NodeGroup, GroupSnapshot> next) {
    synchronized (lock) {
      for (NodeGroup group : PUBLISH_ORDER) {
        GroupSnapshot snapshot = next.get(group);
        if (snapshot == null) {
          continue;
        }
        GroupSnapshot old = snapshots.put(group, snapshot);
        if (old == snapshot) {
          continue;
        }
        sotw.get(group).removeIf(entry -> answerSotw(entry, snapshot));
        deltas.get(group).removeIf(entry -> answerDelta(entry, snapshot));
      }
      published = Map.copyOf(snapshots);
      serving = true;
    }
  }

  @Override
  public Watch createWatch(
      boolean ads,
      XdsRequest request,
      Set<String> knownResourceNames,
      Consumer<Response> responseConsumer,
      boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    Watch watch = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
    StreamState stream = XdsStreams.bound();
    Optional<XdsType> type = XdsType.ofTypeUrl(request.getTypeUrl());
    if (stream == null || type.isEmpty()) {
      return watch;
    }
    NodeGroup group = stream.group();
    String rejected = request.hasErrorDetail() ? stream.rejectedVersion(type.get()) : null;
    boolean clusterWarming =
        ads && hasClusterChanged && type.get() == XdsType.ENDPOINTS && rejected == null;
    SotwEntry entry =
        new SotwEntry(
            watch, stream, type.get(), rejected, request.getVersionInfo(), clusterWarming);
    synchronized (lock) {
      GroupSnapshot snapshot = snapshots.get(group);
      if (snapshot != null && answerSotw(entry, snapshot)) {
        return watch;
      }
      sotw.get(group).add(entry);
      watch.setStop(
          () -> {
            synchronized (lock) {
              sotw.get(group).remove(entry);
            }
          });
    }
    return watch;
  }

  @Override
  public DeltaWatch createDeltaWatch(
      DeltaXdsRequest request,
      String requesterVersion,
      Map<String, String> resourceVersions,
      Set<String> pendingResources,
      boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer,
      boolean hasClusterChanged) {
    StreamState stream = XdsStreams.bound();
    Optional<XdsType> type = XdsType.ofTypeUrl(request.getTypeUrl());
    StreamState.DeltaHeld deltaHeld =
        stream == null || type.isEmpty() ? null : stream.deltaHeld(type.get());
    DeltaDiscoveryRequest raw = request.v3Request();
    boolean plainAck =
        deltaHeld != null
            && !raw.getResponseNonce().isEmpty()
            && !raw.hasErrorDetail()
            && raw.getResourceNamesSubscribeCount() == 0
            && raw.getResourceNamesUnsubscribeCount() == 0
            && pendingResources.isEmpty();
    // An acknowledgement that changes no subscription leaves the client holding exactly what the
    // last response was computed against: no need to copy its tracked versions (every resource).
    DeltaWatch watch =
        new DeltaWatch(
            request,
            plainAck ? Map.of() : Map.copyOf(resourceVersions),
            plainAck ? Set.of() : Set.copyOf(pendingResources),
            requesterVersion,
            isWildcard,
            responseConsumer);
    if (stream == null || type.isEmpty()) {
      return watch;
    }
    NodeGroup group = stream.group();
    String rejected = request.hasErrorDetail() ? stream.rejectedVersion(type.get()) : null;
    DeltaEntry entry;
    if (plainAck) {
      entry =
          new DeltaEntry(
              watch, stream, type.get(), null, deltaHeld.subscribed(), deltaHeld.snapshot());
    } else {
      Set<String> subscribed = new HashSet<>(resourceVersions.keySet());
      subscribed.addAll(pendingResources);
      subscribed.removeAll(stream.unsubscribed(type.get()));
      entry = new DeltaEntry(watch, stream, type.get(), rejected, Set.copyOf(subscribed), null);
    }
    synchronized (lock) {
      GroupSnapshot snapshot = snapshots.get(group);
      if (snapshot != null && answerDelta(entry, snapshot)) {
        return watch;
      }
      deltas.get(group).add(entry);
      watch.setStop(
          () -> {
            synchronized (lock) {
              deltas.get(group).remove(entry);
            }
          });
    }
    return watch;
  }

  /** Number of open watches, for tests and metrics. */
  public int openWatches() {
    synchronized (lock) {
      int n = 0;
      for (NodeGroup g : NodeGroup.values()) {
        n += sotw.get(g).size() + deltas.get(g).size();
      }
      return n;
    }
  }

  /**
   * Answers a state-of-the-world watch when the snapshot holds something the stream lacks; false
   * when there is nothing to send. Wildcard requests get every resource when the type's version
   * differs from what the node holds. Named requests get a response only when a requested resource
   * differs from what the stream was sent: clusters and listeners (full state in every response)
   * with every requested resource, endpoints, routes and secrets with only the differing ones (the
   * others stay as the node has them). A version the node rejected is never sent again.
   */
  private static boolean answerSotw(SotwEntry entry, GroupSnapshot snapshot) {
    if (entry.watch().isCancelled()) {
      return true;
    }
    TypeSnapshot ts = snapshot.type(entry.type());
    if (ts.version().equals(entry.rejectedVersion())) {
      return false;
    }
    List<String> names = entry.watch().request().getResourceNamesList();
    if (names.isEmpty()) {
      if (ts.version().equals(entry.heldVersion()) && entry.rejectedVersion() == null) {
        return false;
      }
      return respond(entry, ts, ts.ordered(), null);
    }
    StreamState.Held held = entry.stream().held(entry.type());
    boolean sameNames = held != null && held.names() == names;
    if (held != null && !sameNames && held.names().equals(names)) {
      // An acknowledgement repeats the names: remember this request's list, so that answering
      // the watch when a snapshot is published compares by identity instead of name by name.
      held = new StreamState.Held(names, held.nameSet(), held.snapshot());
      entry.stream().hold(entry.type(), held);
      sameNames = true;
    }
    Set<String> nameSet = sameNames ? held.nameSet() : new HashSet<>(names);
    List<Message> differing = new ArrayList<>();
    boolean removed = false;
    Optional<Set<String>> changed = sameNames ? ts.changedSince(held.snapshot()) : Optional.empty();
    if (changed.isPresent()) {
      // The stream holds an earlier snapshot of these very names: look only at what changed since.
      for (String name : changed.get()) {
        if (nameSet.contains(name)) {
          Message now = ts.resource(name);
          if (now == null) {
            removed |= (held.snapshot().resource(name) != null);
          } else {
            differing.add(now);
          }
        }
      }
    } else {
      Map<String, String> before = held == null ? Map.of() : held.snapshot().resourceVersions();
      Set<String> heldNames = held == null ? Set.of() : held.nameSet();
      for (String name : names) {
        String now = ts.versionOf(name);
        String was = heldNames.contains(name) ? before.get(name) : null;
        if (now == null) {
          removed |= was != null;
        } else if (now != was && !now.equals(was)) {
          differing.add(ts.resource(name));
        }
      }
    }
    boolean fullState = entry.type() == XdsType.CLUSTERS || entry.type() == XdsType.LISTENERS;
    if (entry.clusterWarming()) {
      // Clusters the last CDS response added or changed wait (warm) for their endpoints, even
      // unchanged ones; the others keep theirs, so only the warming ones are sent again.
      Optional<Set<String>> warming = entry.stream().clustersLastChanged();
      if (warming.isEmpty()) {
        return respond(entry, ts, ts.named(names), nameSet);
      }
      Set<String> include = new HashSet<>();
      for (String name : warming.get()) {
        if (nameSet.contains(name) && ts.resource(name) != null) {
          include.add(name);
        }
      }
      for (Message m : differing) {
        include.add(Resources.getResourceName(m));
      }
      if (include.isEmpty()) {
        return false;
      }
      List<Message> resources = new ArrayList<>(include.size());
      for (String name : include) {
        resources.add(ts.resource(name));
      }
      return respond(entry, ts, resources, nameSet);
    }
    if (fullState) {
      if (differing.isEmpty() && !removed) {
        return false;
      }
      return respond(entry, ts, ts.named(names), nameSet);
    }
    if (differing.isEmpty()) {
      return false;
    }
    return respond(entry, ts, differing, nameSet);
  }

  private static boolean respond(
      SotwEntry entry, TypeSnapshot ts, List<Message> resources, Set<String> nameSet) {
    if (entry.type() == XdsType.CLUSTERS) {
      entry.stream().clustersSent(ts);
    }
    if (nameSet != null) {
      List<String> names = entry.watch().request().getResourceNamesList();
      entry.stream().hold(entry.type(), new StreamState.Held(names, nameSet, ts));
    }
    try {
      entry.watch().respond(Response.create(entry.watch().request(), resources, ts.version()));
    } catch (WatchCancelledException e) {
      // The stream moved on (a newer request replaced this watch); the new watch is answered.
      return true;
    }
    return true;
  }

  /** The versions a client holding {@code held} tracks: its subscribed resources of it. */
  private static Map<String, String> visible(
      TypeSnapshot held, DeltaEntry entry, boolean wildcard) {
    if (wildcard) {
      return held.resourceVersions();
    }
    Map<String, String> tracked = new java.util.HashMap<>();
    for (String name : entry.subscribed()) {
      String v = held.versionOf(name);
      if (v != null) {
        tracked.put(name, v);
      }
    }
    return tracked;
  }

  /** Answers a delta watch with what differs from what the client holds; false when nothing. */
  private static boolean answerDelta(DeltaEntry entry, GroupSnapshot snapshot) {
    if (entry.watch().isCancelled()) {
      return true;
    }
    TypeSnapshot ts = snapshot.type(entry.type());
    if (ts.version().equals(entry.rejectedVersion())) {
      return false;
    }
    Map<String, VersionedResource<?>> changed = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    boolean wildcard = entry.watch().isWildcard();
    TypeSnapshot held = entry.held();
    Optional<Set<String>> since = held == null ? Optional.empty() : ts.changedSince(held);
    if (since.isPresent()) {
      for (String name : since.get()) {
        if (wildcard || entry.subscribed().contains(name)) {
          String version = ts.versionOf(name);
          if (version != null) {
            changed.put(name, VersionedResource.create(ts.resource(name), version));
          } else if (held.resource(name) != null) {
            removed.add(name);
          }
        }
      }
    } else {
      Map<String, String> tracked =
          held == null ? entry.watch().trackedResources() : visible(held, entry, wildcard);
      Iterable<String> candidates = wildcard ? ts.resourceVersions().keySet() : entry.subscribed();
      for (String name : candidates) {
        String version = ts.versionOf(name);
        if (version != null && !version.equals(tracked.get(name))) {
          changed.put(name, VersionedResource.create(ts.resource(name), version));
        }
      }
      for (String name : tracked.keySet()) {
        if (ts.resource(name) == null) {
          removed.add(name);
        }
      }
      if (held == null) {
        // A client opening a stream says what it already holds (initial_resource_versions; not
        // read by java-control-plane): what went while it had no stream is named removed now, or
        // it would keep it until the name came back. What it holds is sent again all the same,
        // so that the server's tracking of the stream stays whole.
        for (String name :
            entry.watch().request().v3Request().getInitialResourceVersionsMap().keySet()) {
          if (ts.resource(name) == null && !tracked.containsKey(name)) {
            removed.add(name);
          }
        }
      }
    }
    if (changed.isEmpty() && removed.isEmpty()) {
      return false;
    }
    try {
      entry
          .watch()
          .respond(DeltaResponse.create(entry.watch().request(), changed, removed, ts.version()));
      entry.stream()
          .holdDelta(
              entry.type(),
              new StreamState.DeltaHeld(ts, wildcard ? Set.of() : entry.subscribed()));
    } catch (WatchCancelledException e) {
      // Replaced by a newer watch of the same stream, which gets the same difference.
      return true;
    }
    return true;
  }
}
