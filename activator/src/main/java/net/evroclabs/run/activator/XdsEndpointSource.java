package net.evroclabs.run.activator;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADS client (state of the world) of xds-server as node cluster {@code activator}: wildcard CDS,
 * then EDS for every cluster learnt. ACKs what it applied, NACKs naming what it could not; its
 * {@link AdsStream} reconnects with backoff, and the last known state stays meanwhile.
 */
public final class XdsEndpointSource implements AutoCloseable {

  public static final String NODE_CLUSTER = "activator";
  private static final Logger LOG = LoggerFactory.getLogger(XdsEndpointSource.class);

  private final AdsStream stream;
  private final EndpointRegistry registry;
  private final ActivatorMetrics metrics;

  private final Map<RevisionKey, RevisionSettings> clusters = new LinkedHashMap<>();
  private String cdsVersion = "";
  private String edsVersion = "";
  private String edsNonce = "";
  private Set<String> edsNames = Set.of();
  private Set<ByteString> appliedAssignments = Set.of();

  public XdsEndpointSource(
      ManagedChannel channel,
      String nodeId,
      EndpointRegistry registry,
      ActivatorMetrics metrics,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this.stream =
        new AdsStream(channel, nodeId, NODE_CLUSTER, "the activator", backoff::delay, scheduler);
    this.registry = registry;
    this.metrics = metrics;
  }

  /** Opens the stream; failures are retried in the background. */
  public void start() {
    stream.start(
        new AdsStream.Handler() {
          @Override
          public void opened() {
            edsNonce = "";
            appliedAssignments = Set.of();
            stream.send(XdsTranslation.CLUSTER_TYPE, "", "", List.of(), null);
            if (!edsNames.isEmpty()) {
              stream.send(XdsTranslation.ENDPOINT_TYPE, "", "", edsNames, null);
            }
          }

          @Override
          public boolean respond(DiscoveryResponse response) {
            switch (response.getTypeUrl()) {
              case XdsTranslation.CLUSTER_TYPE -> onClusters(response);
              case XdsTranslation.ENDPOINT_TYPE -> onEndpoints(response);
              default -> {
                return false;
              }
            }
            return true;
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
      stream.send(XdsTranslation.CLUSTER_TYPE, cdsVersion, response.getNonce(), List.of(), null);
    } else {
      stream.send(
          XdsTranslation.CLUSTER_TYPE,
          cdsVersion,
          response.getNonce(),
          List.of(),
          String.join("; ", result.errors()));
    }
    Set<String> names = new TreeSet<>();
    next.keySet().forEach(k -> names.add(k.toString()));
    if (!names.equals(edsNames)) {
      edsNames = names;
      // New revisions take their pods from the next response, even from assignments seen before.
      appliedAssignments = Set.of();
      stream.send(XdsTranslation.ENDPOINT_TYPE, edsVersion, edsNonce, names, null);
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
    stream.send(
        XdsTranslation.ENDPOINT_TYPE,
        edsVersion,
        edsNonce,
        edsNames,
        result.errors().isEmpty() ? null : String.join("; ", result.errors()));
  }
}
