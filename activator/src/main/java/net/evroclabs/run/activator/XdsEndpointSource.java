package net.evroclabs.run.activator;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.grpc.ManagedChannel;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Delta ADS client of xds-server as node cluster {@code activator}: wildcard CDS, then EDS for
 * every cluster learnt. Each response carries only what changed (and the names of what went), so
 * what a change of one revision sends, parses and applies is the same with ten revisions as with
 * thousands. ACKs what it applied, NACKs naming what it could not; its {@link AdsStream} reconnects
 * with backoff, and the last known state stays meanwhile.
 *
 * <p>A new stream subscribes afresh, without initial resource versions: the server then sends every
 * cluster in its first response, and that response replaces the clusters held rather than adding to
 * them (no need to list the thousands held, and right whatever the server makes of such a list).
 */
public final class XdsEndpointSource implements AutoCloseable {

  public static final String NODE_CLUSTER = "activator";

  private final AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> stream;
  private final EndpointUpdates updates;
  private final ActivatorMetrics metrics;

  public XdsEndpointSource(
      ManagedChannel channel,
      String nodeId,
      EndpointRegistry registry,
      ActivatorMetrics metrics,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this.stream = AdsStream.delta(channel, "the activator", backoff::delay, scheduler);
    this.updates =
        new EndpointUpdates(
            Node.newBuilder().setId(nodeId).setCluster(NODE_CLUSTER).build(),
            registry,
            metrics,
            stream::send);
    this.metrics = metrics;
  }

  /** Opens the stream; failures are retried in the background. */
  public void start() {
    stream.start(
        new AdsStream.Handler<>() {
          @Override
          public void opened() {
            updates.opened();
          }

          @Override
          public void respond(DeltaDiscoveryResponse response) {
            updates.respond(response);
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
}
