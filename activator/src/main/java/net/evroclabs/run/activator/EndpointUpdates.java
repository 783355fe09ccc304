package net.evroclabs.run.activator;

import com.google.protobuf.Any;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the activator makes of its delta ADS stream: the clusters (revisions and their settings) and
 * load assignments (ready pods) each response carries, applied to an {@link EndpointRegistry}, and
 * the requests that answer them (ACK or NACK, EDS subscriptions following the clusters). Apart from
 * the stream so that the start-up warm-up ({@link ReleaseWarmup}) runs the very code a real update
 * runs. Calls must not overlap (the stream makes them under its lock).
 */
final class EndpointUpdates {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointUpdates.class);

  private final Node node;
  private final EndpointRegistry registry;
  private final ActivatorMetrics metrics;
  private final Consumer<DeltaDiscoveryRequest> send;
  private final Map<RevisionKey, RevisionSettings> clusters = new LinkedHashMap<>();
  private final Set<String> edsNames = new TreeSet<>();
  // The next cluster response is the first of a stream: every cluster there is.
  private boolean clustersComplete;

  EndpointUpdates(
      Node node,
      EndpointRegistry registry,
      ActivatorMetrics metrics,
      Consumer<DeltaDiscoveryRequest> send) {
    this.node = node;
    this.registry = registry;
    this.metrics = metrics;
    this.send = send;
  }

  /** A stream opened: subscribes to every cluster, and again to the assignments known. */
  void opened() {
    clustersComplete = true;
    send.accept(request(XdsTranslation.CLUSTER_TYPE).build());
    if (!edsNames.isEmpty()) {
      send.accept(
          request(XdsTranslation.ENDPOINT_TYPE).addAllResourceNamesSubscribe(edsNames).build());
    }
  }

  /** Applies one response and answers it. */
  void respond(DeltaDiscoveryResponse response) {
    switch (response.getTypeUrl()) {
      case XdsTranslation.CLUSTER_TYPE -> onClusters(response);
      case XdsTranslation.ENDPOINT_TYPE -> onEndpoints(response);
      default ->
          reply(
              response, List.of("type " + response.getTypeUrl() + " is not used by the activator"));
    }
  }

  private void onClusters(DeltaDiscoveryResponse response) {
    XdsTranslation.Result<RevisionSettings> result =
        XdsTranslation.clusters(payloads(response.getResourcesList()));
    for (String error : result.errors()) {
      metrics.xdsRejected();
      LOG.warn("CDS {}: {}", response.getSystemVersionInfo(), error);
    }
    if (clustersComplete) {
      clustersComplete = false;
      replaceClusters(response, result);
      return;
    }
    // Only what changed: the work is the same with ten revisions as with thousands.
    List<RevisionKey> removed = new ArrayList<>();
    for (String name : response.getRemovedResourcesList()) {
      RevisionKey key = parsedOrNull(name);
      if (key != null && clusters.remove(key) != null) {
        removed.add(key);
      }
    }
    clusters.putAll(result.resources());
    registry.applyClusterChanges(result.resources(), removed);
    reply(response, result.errors());

    DeltaDiscoveryRequest.Builder change = request(XdsTranslation.ENDPOINT_TYPE);
    for (RevisionKey key : result.resources().keySet()) {
      if (edsNames.add(key.toString())) {
        change.addResourceNamesSubscribe(key.toString());
      }
    }
    for (RevisionKey key : removed) {
      if (!clusters.containsKey(key) && edsNames.remove(key.toString())) {
        change.addResourceNamesUnsubscribe(key.toString());
      }
    }
    if (change.getResourceNamesSubscribeCount() + change.getResourceNamesUnsubscribeCount() > 0) {
      send.accept(change.build());
    }
  }

  /** The first cluster response of a stream: every cluster there is. */
  private void replaceClusters(
      DeltaDiscoveryResponse response, XdsTranslation.Result<RevisionSettings> result) {
    // A revision whose cluster cannot be read keeps its last good settings; the others that are
    // not in the stream's first response went while no stream was open.
    Set<String> rejected = new HashSet<>();
    result.rejected().forEach(r -> rejected.add(r.name()));
    clusters.keySet().removeIf(k -> !rejected.contains(k.toString()));
    for (String name : response.getRemovedResourcesList()) {
      RevisionKey key = parsedOrNull(name);
      if (key != null) {
        clusters.remove(key);
      }
    }
    clusters.putAll(result.resources());
    registry.applyClusters(new LinkedHashMap<>(clusters));
    reply(response, result.errors());

    Set<String> names = new TreeSet<>();
    clusters.keySet().forEach(k -> names.add(k.toString()));
    if (!names.equals(edsNames)) {
      DeltaDiscoveryRequest.Builder change = request(XdsTranslation.ENDPOINT_TYPE);
      names.stream().filter(n -> !edsNames.contains(n)).forEach(change::addResourceNamesSubscribe);
      edsNames.stream()
          .filter(n -> !names.contains(n))
          .forEach(change::addResourceNamesUnsubscribe);
      edsNames.clear();
      edsNames.addAll(names);
      send.accept(change.build());
    }
  }

  /** The revision a resource is named after, or null: not a name a cluster of ours could have. */
  private static RevisionKey parsedOrNull(String name) {
    try {
      return RevisionKey.parse(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void onEndpoints(DeltaDiscoveryResponse response) {
    XdsTranslation.Result<List<Endpoint>> result =
        XdsTranslation.endpoints(payloads(response.getResourcesList()));
    for (String error : result.errors()) {
      metrics.xdsRejected();
      LOG.warn("EDS {}: {}", response.getSystemVersionInfo(), error);
    }
    // An assignment goes with its cluster. Its pods are not taken away with it: a revision gone
    // from the clusters is still served for the grace period (gateways may still send it
    // requests), on the pods it had.
    registry.applyEndpoints(result.resources());
    reply(response, result.errors());
  }

  /** ACKs the response, or NACKs it with {@code errors}. */
  private void reply(DeltaDiscoveryResponse response, List<String> errors) {
    DeltaDiscoveryRequest.Builder b =
        request(response.getTypeUrl()).setResponseNonce(response.getNonce());
    if (!errors.isEmpty()) {
      b.setErrorDetail(Status.newBuilder().setCode(3).setMessage(String.join("; ", errors)));
    }
    send.accept(b.build());
  }

  private DeltaDiscoveryRequest.Builder request(String typeUrl) {
    return DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl);
  }

  private static List<Any> payloads(List<Resource> resources) {
    return resources.stream().map(Resource::getResource).toList();
  }
}
