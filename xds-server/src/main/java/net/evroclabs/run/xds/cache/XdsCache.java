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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
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

  private record DeltaEntry(
      DeltaWatch watch, XdsType type, String rejectedVersion, Set<String> subscribed) {}

  private final Object lock = new Object();
  private final Map<NodeGroup, GroupSnapshot> snapshots = new EnumMap<>(NodeGroup.class);
  private final Map<NodeGroup, Set<SotwEntry>> sotw = new EnumMap<>(NodeGroup.class);
  private final Map<NodeGroup, Set<DeltaEntry>> deltas = new EnumMap<>(NodeGroup.class);
  private volatile boolean serving;
  private volatile Map<NodeGroup, GroupSnapshot> published = Map.of();

  public XdsCache() {
    for (NodeGroup g : NodeGroup.values()) {
      sotw.put(g, new HashSet<>());
      deltas.put(g, new HashSet<>());
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

  /** Serves {@code next} to every group it names and answers the watches it satisfies. */
  public void publish(Map<NodeGroup, GroupSnapshot> next) {
    synchronized (lock) {
      for (Map.Entry<NodeGroup, GroupSnapshot> e : next.entrySet()) {
        GroupSnapshot old = snapshots.put(e.getKey(), e.getValue());
        if (old == e.getValue()) {
          continue;
        }
        NodeGroup group = e.getKey();
        GroupSnapshot snapshot = e.getValue();
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
    DeltaWatch watch =
        new DeltaWatch(
            request,
            Map.copyOf(resourceVersions),
            Set.copyOf(pendingResources),
            requesterVersion,
            isWildcard,
            responseConsumer);
    StreamState stream = XdsStreams.bound();
    Optional<XdsType> type = XdsType.ofTypeUrl(request.getTypeUrl());
    if (stream == null || type.isEmpty()) {
      return watch;
    }
    NodeGroup group = stream.group();
    String rejected = request.hasErrorDetail() ? stream.rejectedVersion(type.get()) : null;
    Set<String> subscribed = new HashSet<>(resourceVersions.keySet());
    subscribed.addAll(pendingResources);
    subscribed.removeAll(stream.unsubscribed(type.get()));
    DeltaEntry entry = new DeltaEntry(watch, type.get(), rejected, Set.copyOf(subscribed));
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
      return respond(entry, ts, ts.ordered(), true);
    }
    Map<String, String> sent = entry.stream().sentVersions(entry.type());
    List<Message> differing = new ArrayList<>();
    boolean removed = false;
    for (String name : names) {
      String now = ts.resourceVersions().get(name);
      String before = sent.get(name);
      if (now == null) {
        removed |= before != null;
      } else if (now != before && !now.equals(before)) {
        differing.add(ts.byName().get(name));
      }
    }
    boolean fullState = entry.type() == XdsType.CLUSTERS || entry.type() == XdsType.LISTENERS;
    if (fullState || entry.clusterWarming()) {
      if (differing.isEmpty() && !removed && !entry.clusterWarming()) {
        return false;
      }
      return respond(entry, ts, ts.named(names), true);
    }
    if (differing.isEmpty()) {
      return false;
    }
    return respond(entry, ts, differing, false);
  }

  private static boolean respond(
      SotwEntry entry, TypeSnapshot ts, List<Message> resources, boolean complete) {
    if (!entry.watch().request().getResourceNamesList().isEmpty()) {
      Map<String, String> sent = entry.stream().sentVersions(entry.type());
      synchronized (entry.stream()) {
        if (complete) {
          sent.clear();
        }
        for (Message m : resources) {
          String name = Resources.getResourceName(m);
          sent.put(name, ts.resourceVersions().get(name));
        }
      }
    }
    try {
      entry.watch().respond(Response.create(entry.watch().request(), resources, ts.version()));
    } catch (WatchCancelledException e) {
      // The stream moved on (a newer request replaced this watch); the new watch is answered.
      return true;
    }
    return true;
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
    Map<String, String> held = entry.watch().trackedResources();
    Map<String, VersionedResource<?>> changed = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    Iterable<String> candidates =
        entry.watch().isWildcard() ? ts.resourceVersions().keySet() : entry.subscribed();
    for (String name : candidates) {
      String version = ts.resourceVersions().get(name);
      if (version != null && !version.equals(held.get(name))) {
        changed.put(name, VersionedResource.create(ts.byName().get(name), version));
      }
    }
    for (String name : held.keySet()) {
      if (!ts.byName().containsKey(name)) {
        removed.add(name);
      }
    }
    if (changed.isEmpty() && removed.isEmpty()) {
      return false;
    }
    try {
      entry
          .watch()
          .respond(DeltaResponse.create(entry.watch().request(), changed, removed, ts.version()));
    } catch (WatchCancelledException e) {
      // Replaced by a newer watch of the same stream, which gets the same difference.
      return true;
    }
    return true;
  }
}
