package net.evroclabs.run.activator;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADS client (state of the world) of xds-server as node cluster {@code activator}: wildcard CDS,
 * then EDS for every cluster learnt. ACKs what it applied, NACKs naming what it could not, and
 * reconnects with backoff keeping the last known state meanwhile.
 */
public final class XdsEndpointSource implements AutoCloseable {

  public static final String NODE_CLUSTER = "activator";
  private static final Logger LOG = LoggerFactory.getLogger(XdsEndpointSource.class);

  private final ManagedChannel channel;
  private final Node node;
  private final EndpointRegistry registry;
  private final ActivatorMetrics metrics;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;

  private final Map<RevisionKey, RevisionSettings> clusters = new LinkedHashMap<>();
  private Stream current;
  private StreamObserver<DiscoveryRequest> requests;
  private String cdsVersion = "";
  private String edsVersion = "";
  private String edsNonce = "";
  private Set<String> edsNames = Set.of();
  private Set<ByteString> appliedAssignments = Set.of();
  private int failures;
  private boolean closed;
  private volatile boolean connected;

  public XdsEndpointSource(
      ManagedChannel channel,
      String nodeId,
      EndpointRegistry registry,
      ActivatorMetrics metrics,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this.channel = channel;
    this.node = Node.newBuilder().setId(nodeId).setCluster(NODE_CLUSTER).build();
    this.registry = registry;
    this.metrics = metrics;
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /** Opens the stream; failures are retried in the background. */
  public synchronized void start() {
    if (closed) {
      return;
    }
    Stream stream = new Stream();
    current = stream;
    // Responses are handled where they arrive, on the transport thread: applying one only hands
    // work to the event loops, and a hop through gRPC's executor would delay every release. A call
    // that fails at once reports so right here, in this thread, before this returns.
    StreamObserver<DiscoveryRequest> observer =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .withExecutor(MoreExecutors.directExecutor())
            .streamAggregatedResources(stream);
    if (current != stream) {
      return;
    }
    requests = observer;
    edsNonce = "";
    appliedAssignments = Set.of();
    send(request(XdsTranslation.CLUSTER_TYPE, "", "", List.of(), null));
    if (!edsNames.isEmpty()) {
      send(request(XdsTranslation.ENDPOINT_TYPE, "", "", edsNames, null));
    }
  }

  /** True while a stream is open and has delivered at least one response. */
  public boolean isConnected() {
    return connected;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (requests != null) {
      requests.onCompleted();
    }
    channel.shutdownNow();
  }

  private synchronized void onResponse(Stream stream, DiscoveryResponse response) {
    if (stream != current) {
      return;
    }
    failures = 0;
    connected = true;
    metrics.xdsConnected(true);
    switch (response.getTypeUrl()) {
      case XdsTranslation.CLUSTER_TYPE -> onClusters(response);
      case XdsTranslation.ENDPOINT_TYPE -> onEndpoints(response);
      default ->
          send(
              request(
                  response.getTypeUrl(),
                  "",
                  response.getNonce(),
                  List.of(),
                  "type " + response.getTypeUrl() + " is not used by the activator"));
    }
  }

  private void onClusters(DiscoveryResponse response) {
    XdsTranslation.Result<RevisionSettings> result =
        XdsTranslation.clusters(response.getResourcesList());
    Map<RevisionKey, RevisionSettings> next = new LinkedHashMap<>(result.resources());
    for (String error : result.errors()) {
      metrics.xdsRejected();
      LOG.warn("CDS version {}: {}", response.getVersionInfo(), error);
    }
    // A revision whose new cluster cannot be read keeps its last good settings.
    for (XdsTranslation.Rejected r : result.rejected()) {
      RevisionKey key = lastGoodKey(r.name());
      if (key != null && !next.containsKey(key)) {
        next.put(key, clusters.get(key));
      }
    }
    clusters.clear();
    clusters.putAll(next);
    registry.applyClusters(next);
    if (result.errors().isEmpty()) {
      cdsVersion = response.getVersionInfo();
      send(request(XdsTranslation.CLUSTER_TYPE, cdsVersion, response.getNonce(), List.of(), null));
    } else {
      send(
          request(
              XdsTranslation.CLUSTER_TYPE,
              cdsVersion,
              response.getNonce(),
              List.of(),
              String.join("; ", result.errors())));
    }
    Set<String> names = new TreeSet<>();
    next.keySet().forEach(k -> names.add(k.toString()));
    if (!names.equals(edsNames)) {
      edsNames = names;
      // New revisions take their pods from the next response, even from assignments seen before.
      appliedAssignments = Set.of();
      send(request(XdsTranslation.ENDPOINT_TYPE, edsVersion, edsNonce, names, null));
    }
  }

  private RevisionKey lastGoodKey(String name) {
    for (RevisionKey key : clusters.keySet()) {
      if (key.toString().equals(name)) {
        return key;
      }
    }
    return null;
  }

  private void onEndpoints(DiscoveryResponse response) {
    // State of the world: every response repeats each revision's assignment. Only those whose
    // bytes differ from the last applied ones are read and applied, so that an update of one
    // revision's pods costs the same with ten revisions as with thousands.
    List<Any> changed = new ArrayList<>();
    Set<ByteString> seen = new HashSet<>();
    for (Any any : response.getResourcesList()) {
      seen.add(any.getValue());
      if (!XdsTranslation.ENDPOINT_TYPE.equals(any.getTypeUrl())
          || !appliedAssignments.contains(any.getValue())) {
        changed.add(any);
      }
    }
    XdsTranslation.Result<List<Endpoint>> result = XdsTranslation.endpoints(changed);
    for (String error : result.errors()) {
      metrics.xdsRejected();
      LOG.warn("EDS version {}: {}", response.getVersionInfo(), error);
    }
    registry.applyEndpoints(result.resources());
    // After a rejection the next response is read in full: which bytes were bad is not known.
    appliedAssignments = result.rejected().isEmpty() ? seen : Set.of();
    edsNonce = response.getNonce();
    if (result.errors().isEmpty()) {
      edsVersion = response.getVersionInfo();
    }
    send(
        request(
            XdsTranslation.ENDPOINT_TYPE,
            edsVersion,
            edsNonce,
            edsNames,
            result.errors().isEmpty() ? null : String.join("; ", result.errors())));
  }

  private synchronized void onStreamEnd(Stream stream, Throwable error) {
    if (stream != current || closed) {
      return;
    }
    connected = false;
    metrics.xdsConnected(false);
    failures++;
    long delayMs = backoff.delay(failures).toMillis();
    LOG.warn(
        "xDS stream ended ({}); keeping the last known state, reconnecting in {} ms",
        error == null ? "completed by server" : error.toString(),
        delayMs);
    current = null;
    requests = null;
    scheduler.schedule(this::start, delayMs, TimeUnit.MILLISECONDS);
  }

  private DiscoveryRequest request(
      String typeUrl, String version, String nonce, Iterable<String> names, String error) {
    return XdsRequests.of(node, typeUrl, version, nonce, names, error);
  }

  private void send(DiscoveryRequest request) {
    if (requests != null) {
      requests.onNext(request);
    }
  }

  private final class Stream implements StreamObserver<DiscoveryResponse> {
    @Override
    public void onNext(DiscoveryResponse value) {
      onResponse(this, value);
    }

    @Override
    public void onError(Throwable t) {
      onStreamEnd(this, t);
    }

    @Override
    public void onCompleted() {
      onStreamEnd(this, null);
    }
  }
}
