package net.evroclabs.run.xds.cache;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import io.envoyproxy.controlplane.cache.XdsRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
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
      Watch watch, XdsType type, String heldVersion, Map<String, String> heldNames) {}

  private record DeltaEntry(
      DeltaWatch watch, XdsType type, String rejectedVersion, Set<String> subscribed) {}

  private final Object lock = new Object();
  private final Map<NodeGroup, GroupSnapshot> snapshots = new EnumMap<>(NodeGroup.class);
  private final Map<NodeGroup, Set<SotwEntry>> sotw = new EnumMap<>(NodeGroup.class);
  private final Map<NodeGroup, Set<DeltaEntry>> deltas = new EnumMap<>(NodeGroup.class);
  private volatile boolean serving;

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
    synchronized (lock) {
      return Optional.ofNullable(snapshots.get(group));
    }
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
    synchronized (lock) {
      GroupSnapshot snapshot = snapshots.get(group);
      String rejected = request.hasErrorDetail() ? stream.rejectedVersion(type.get()) : null;
      String held = rejected != null ? rejected : request.getVersionInfo();
      List<String> names = request.getResourceNamesList();
      if (snapshot != null) {
        TypeSnapshot ts = snapshot.type(type.get());
        boolean newNames = false;
        for (String name : names) {
          if (!knownResourceNames.contains(name) && ts.byName().containsKey(name)) {
            newNames = true;
            break;
          }
        }
        boolean clusterWarming =
            ads && hasClusterChanged && type.get() == XdsType.ENDPOINTS && rejected == null;
        if (!ts.version().equals(held) || newNames || clusterWarming) {
          respond(watch, ts, names);
          return watch;
        }
      }
      Map<String, String> heldNames = null;
      if (!names.isEmpty() && snapshot != null) {
        heldNames = new HashMap<>();
        Map<String, String> versions = snapshot.type(type.get()).resourceVersions();
        for (String name : names) {
          heldNames.put(name, versions.get(name));
        }
      }
      SotwEntry entry = new SotwEntry(watch, type.get(), held, heldNames);
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

  /** Answers a waiting state-of-the-world watch when the snapshot has something new for it. */
  private boolean answerSotw(SotwEntry entry, GroupSnapshot snapshot) {
    if (entry.watch().isCancelled()) {
      return true;
    }
    TypeSnapshot ts = snapshot.type(entry.type());
    if (ts.version().equals(entry.heldVersion())) {
      return false;
    }
    List<String> names = entry.watch().request().getResourceNamesList();
    if (entry.heldNames() != null && !changedFor(entry.heldNames(), ts)) {
      return false;
    }
    respond(entry.watch(), ts, names);
    return true;
  }

  private static boolean changedFor(Map<String, String> heldNames, TypeSnapshot ts) {
    for (Map.Entry<String, String> e : heldNames.entrySet()) {
      String now = ts.resourceVersions().get(e.getKey());
      if (now == null ? e.getValue() != null : !now.equals(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static void respond(Watch watch, TypeSnapshot ts, List<String> names) {
    Collection<? extends Message> resources = names.isEmpty() ? ts.ordered() : ts.named(names);
    try {
      watch.respond(Response.create(watch.request(), resources, ts.version()));
    } catch (WatchCancelledException e) {
      // The stream moved on (a newer request replaced this watch); its new watch is answered.
      return;
    }
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
