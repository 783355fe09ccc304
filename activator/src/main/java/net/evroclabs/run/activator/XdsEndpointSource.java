package net.evroclabs.run.activator;

import com.google.protobuf.Any;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta ADS client of xds-server as node cluster {@code activator}: wildcard CDS, then EDS for
 * every cluster learnt. Each response carries only what changed (and the names of what went), so
 * what a change of one revision sends and parses is the same with ten revisions as with thousands;
 * applying it walks the clusters held once, in memory. ACKs what it applied, NACKs naming what it
 * could not; its {@link AdsStream} reconnects with backoff, and the last known state stays
 * meanwhile.
 *
 * <p>A new stream subscribes afresh, without initial resource versions (java-control-plane, which
 * xds-server is built on, does not read them, so it could not name what went while no stream was
 * open): the server then sends every cluster in its first response, and that response replaces the
 * clusters held rather than adding to them.
 */
public final class XdsEndpointSource implements AutoCloseable {

  public static final String NODE_CLUSTER = "activator";
  private static final Logger LOG = LoggerFactory.getLogger(XdsEndpointSource.class);

  private final AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> stream;
  private final Node node;
  private final EndpointRegistry registry;
  private final ActivatorMetrics metrics;

  // All below are used under the stream's lock.
  private final Map<RevisionKey, RevisionSettings> clusters = new LinkedHashMap<>();
  private Set<String> edsNames = Set.of();
  // The next cluster response is the first of a stream: every cluster there is.
  private boolean clustersComplete;

  public XdsEndpointSource(
      ManagedChannel channel,
      String nodeId,
      EndpointRegistry registry,
      ActivatorMetrics metrics,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this.stream = AdsStream.delta(channel, "the activator", backoff::delay, scheduler);
    this.node = Node.newBuilder().setId(nodeId).setCluster(NODE_CLUSTER).build();
    this.registry = registry;
    this.metrics = metrics;
  }

  /** Opens the stream; failures are retried in the background. */
  public void start() {
    stream.start(
        new AdsStream.Handler<>() {
          @Override
          public void opened() {
            clustersComplete = true;
            stream.send(request(XdsTranslation.CLUSTER_TYPE).build());
            if (!edsNames.isEmpty()) {
              stream.send(
                  request(XdsTranslation.ENDPOINT_TYPE)
                      .addAllResourceNamesSubscribe(edsNames)
                      .build());
            }
          }

          @Override
          public void respond(DeltaDiscoveryResponse response) {
            switch (response.getTypeUrl()) {
              case XdsTranslation.CLUSTER_TYPE -> onClusters(response);
              case XdsTranslation.ENDPOINT_TYPE -> onEndpoints(response);
              default ->
                  reply(
                      response,
                      List.of("type " + response.getTypeUrl() + " is not used by the activator"));
            }
          }

          @Override
          public void connectionChanged(boolean connected) {
            metrics.xdsConnected(connected);
          }
        });
  }

  /** True while a stream is open and has delivered at least one response. */
  public boolean isConnected() {
    return stream.isConnected();
  }

  @Override
  public void close() {
    stream.close();
  }

  private void onClusters(DeltaDiscoveryResponse response) {
    XdsTranslation.Result<RevisionSettings> result =
        XdsTranslation.clusters(payloads(response.getResourcesList()));
    for (String error : result.errors()) {
      metrics.xdsRejected();
      LOG.warn("CDS {}: {}", response.getSystemVersionInfo(), error);
    }
    if (clustersComplete) {
      // A revision whose cluster cannot be read keeps its last good settings; the others that are
      // not in the stream's first response went while no stream was open.
      Set<String> rejected = new java.util.HashSet<>();
      result.rejected().forEach(r -> rejected.add(r.name()));
      clusters.keySet().removeIf(k -> !rejected.contains(k.toString()));
      clustersComplete = false;
    }
    for (String name : response.getRemovedResourcesList()) {
      try {
        clusters.remove(RevisionKey.parse(name));
      } catch (IllegalArgumentException e) {
        // Not a name a cluster of ours could have: nothing is held under it.
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
      edsNames = names;
      stream.send(change.build());
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
    stream.send(b.build());
  }

  private DeltaDiscoveryRequest.Builder request(String typeUrl) {
    return DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl);
  }

  private static List<Any> payloads(List<Resource> resources) {
    return resources.stream().map(Resource::getResource).toList();
  }
}
