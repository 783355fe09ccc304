package net.evroclabs.run.bench.activator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.bench.RoutedResources;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.StreamState;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;
import net.evroclabs.run.xds.pipeline.Change;
import net.evroclabs.run.xds.pipeline.PipelineCore;
import net.evroclabs.run.xds.server.XdsGrpcServer;
import net.evroclabs.run.xds.server.XdsServerSettings;

/**
 * The xDS side of the benchmark: xds-server's own pipeline core, cache and ADS server, in this
 * process, fed the changes its informers would hand it (a Service routing all traffic to one
 * revision, the revision, its ready pods). The activator connects as node group {@code activator}
 * exactly as in a cluster. The bench thread builds and publishes, as xds-server's pipeline thread
 * does, so that a release is timed from the moment the update reaches the cache.
 */
final class XdsFeed implements AutoCloseable {

  private static final String POD_IP = "127.0.0.1";

  private final XdsCache cache = new XdsCache();
  private final XdsStreams streams = new XdsStreams();
  private final PipelineCore core;
  private final XdsGrpcServer server;
  private final Map<String, Integer> concurrency = new HashMap<>();
  private final Map<String, Set<Integer>> pods = new HashMap<>();
  private long lastBuildNanos;

  XdsFeed() {
    Versions versions = Versions.startingAt(System.currentTimeMillis());
    core = new PipelineCore(GatewaySettings.defaults(), 8012, versions);
    server =
        XdsGrpcServer.start(
            XdsServerSettings.defaults().withListenAddress("127.0.0.1", 0),
            cache,
            streams,
            versions);
    build(List.of(new Change.Synced()));
  }

  int port() {
    return server.port();
  }

  /**
   * True once every activator stream has acknowledged the clusters and endpoints now served, and
   * they include every revision published, so that the next update finds the activator waiting for
   * news rather than still digesting the last one.
   */
  synchronized boolean settled() {
    GroupSnapshot snapshot = cache.snapshot(NodeGroup.ACTIVATOR).orElse(null);
    List<StreamState> activators = streams.inGroup(NodeGroup.ACTIVATOR);
    if (snapshot == null
        || activators.isEmpty()
        || !snapshot.type(XdsType.ENDPOINTS).byName().keySet().containsAll(pods.keySet())) {
      return false;
    }
    for (StreamState s : activators) {
      for (XdsType type : List.of(XdsType.CLUSTERS, XdsType.ENDPOINTS)) {
        if (!snapshot.type(type).version().equals(s.ackedVersion(type))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Publishes revision {@code name} ({@code ns/service-NNNNN}) with ready pods on loopback ports
   * and returns {@link System#nanoTime()} taken once the snapshots are built, just before they are
   * handed to the cache: the EDS update.
   */
  synchronized long publish(String name, int containerConcurrency, List<Integer> podPorts) {
    Name n = Name.of(name);
    String ns = n.namespace();
    String revision = n.revision();
    String service = n.service();
    List<Change> changes = new ArrayList<>();
    Integer before = concurrency.put(name, containerConcurrency);
    if (before == null || before != containerConcurrency) {
      changes.add(
          new Change.RevisionUpserted(
              ns, revision, service, RoutedResources.revisionSpec(containerConcurrency)));
      changes.add(
          new Change.ServiceUpserted(
              RoutedResources.service(
                  ns, service, 1, List.of(new TrafficStatus(revision, true, 100, null, null)))));
    }
    Set<Integer> ready = pods.computeIfAbsent(name, k -> new HashSet<>());
    for (int port : ready) {
      if (!podPorts.contains(port)) {
        changes.add(new Change.PodDeleted(ns, podName(revision, port)));
      }
    }
    for (int port : podPorts) {
      if (!ready.contains(port)) {
        changes.add(
            new Change.PodUpserted(
                ns, podName(revision, port), revision, "[" + POD_IP + "]:" + port));
      }
    }
    ready.clear();
    ready.addAll(podPorts);
    return build(changes);
  }

  /** Deletes revision {@code name}, its pods and its service, as when a service is deleted. */
  synchronized void remove(String name) {
    Name n = Name.of(name);
    String ns = n.namespace();
    String revision = n.revision();
    List<Change> changes = new ArrayList<>();
    Set<Integer> ready = pods.remove(name);
    if (ready != null) {
      ready.forEach(port -> changes.add(new Change.PodDeleted(ns, podName(revision, port))));
    }
    concurrency.remove(name);
    changes.add(new Change.ServiceDeleted(ns, n.service()));
    changes.add(new Change.RevisionDeleted(ns, revision));
    build(changes);
  }

  /** Builds snapshots from {@code changes} and publishes them; returns the time of publishing. */
  private long build(List<Change> changes) {
    long start = System.nanoTime();
    PipelineCore.Build b =
        core.process(changes)
            .orElseThrow(() -> new IllegalStateException("no snapshot built from " + changes));
    long t0 = System.nanoTime();
    lastBuildNanos = t0 - start;
    cache.publish(b.snapshots());
    return t0;
  }

  /** How long the pipeline core took to build the last publication's snapshots. */
  synchronized long lastBuildNanos() {
    return lastBuildNanos;
  }

  /** {@code ns/service-NNNNN}, the form the activator's requests name revisions in. */
  private record Name(String namespace, String revision, String service) {
    static Name of(String name) {
      String ns = name.substring(0, name.indexOf('/'));
      String revision = name.substring(ns.length() + 1);
      return new Name(ns, revision, revision.substring(0, revision.lastIndexOf('-')));
    }
  }

  private static String podName(String revision, int port) {
    return revision + "-" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
