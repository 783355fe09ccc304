package net.evroclabs.run.xds.server;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.admin.XdsMetrics;
import net.evroclabs.run.xds.cache.StreamState;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;
import net.evroclabs.run.xds.pipeline.RouteRecords;

/**
 * Sees every request and response of every stream: registers a stream by its node on the first
 * request (an unknown {@code node.cluster} ends the stream with INVALID_ARGUMENT), turns replies
 * into ACKs and NACKs, and binds the stream for the cache.
 */
final class StreamCallbacks implements DiscoveryServerCallbacks {

  private final XdsStreams streams;
  private final RouteRecords routes;
  private final XdsMetrics metrics;
  private final Clock clock;
  private final LongSupplier nanoTime;

  StreamCallbacks(
      XdsStreams streams,
      RouteRecords routes,
      XdsMetrics metrics,
      Clock clock,
      LongSupplier nanoTime) {
    this.streams = streams;
    this.routes = routes;
    this.metrics = metrics;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    StreamLifecycle.opened(streamId);
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    streams.close(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    streams.close(streamId);
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    StreamState stream = stream(streamId, request.hasNode() ? request.getNode() : null, false);
    Optional<XdsType> type = XdsType.ofTypeUrl(request.getTypeUrl());
    if (type.isPresent()) {
      reply(
          stream,
          type.get(),
          request.getResponseNonce(),
          request.hasErrorDetail() ? request.getErrorDetail().getMessage() : null);
    }
    XdsStreams.bind(stream);
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request)
      throws RequestException {
    StreamState stream = stream(streamId, request.hasNode() ? request.getNode() : null, true);
    Optional<XdsType> type = XdsType.ofTypeUrl(request.getTypeUrl());
    if (type.isPresent()) {
      stream.subscriptions(
          type.get(),
          request.getResourceNamesSubscribeList(),
          request.getResourceNamesUnsubscribeList());
      reply(
          stream,
          type.get(),
          request.getResponseNonce(),
          request.hasErrorDetail() ? request.getErrorDetail().getMessage() : null);
    }
    XdsStreams.bind(stream);
  }

  @Override
  public void onV3StreamResponse(
      long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    sent(
        streamId,
        response.getTypeUrl(),
        response.getNonce(),
        response.getVersionInfo(),
        response.getSerializedSize());
  }

  @Override
  public void onV3StreamDeltaResponse(
      long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    sent(
        streamId,
        response.getTypeUrl(),
        response.getNonce(),
        response.getSystemVersionInfo(),
        response.getSerializedSize());
  }

  private void sent(long streamId, String typeUrl, String nonce, String version, int bytes) {
    StreamState stream = streams.get(streamId);
    Optional<XdsType> type = XdsType.ofTypeUrl(typeUrl);
    if (stream == null || type.isEmpty()) {
      return;
    }
    stream.sent(type.get(), nonce, version, nanoTime.getAsLong());
    metrics.sent(type.get(), stream.group(), bytes);
  }

  private void reply(StreamState stream, XdsType type, String nonce, String errorDetail) {
    StreamState.Reply reply =
        stream.received(type, nonce, errorDetail, clock.instant(), nanoTime.getAsLong());
    switch (reply) {
      case StreamState.Ack ack -> {
        metrics.acknowledged(type, stream.group(), ack.latencyNanos() / 1e9);
        if (stream.group() == NodeGroup.GATEWAY) {
          routes.changed();
        }
      }
      case StreamState.Nack nack -> {
        metrics.nacked(type, stream.group());
        routes.rejected(stream, type, nack.version(), nack.detail());
      }
      case StreamState.NoReply none -> {
        // A subscription request, not an answer to a response.
      }
    }
  }

  private StreamState stream(long streamId, Node node, boolean delta) throws RequestException {
    StreamState stream = streams.get(streamId);
    if (stream != null) {
      return stream;
    }
    if (node == null) {
      throw new RequestException(
          Status.INVALID_ARGUMENT.withDescription(
              "the first request of an xDS stream must carry the node (id and cluster)"));
    }
    NodeGroup group;
    try {
      group = NodeGroup.ofNodeCluster(node.getCluster());
    } catch (IllegalArgumentException e) {
      throw new RequestException(
          Status.INVALID_ARGUMENT.withDescription(
              "unknown node group: "
                  + e.getMessage()
                  + " (node.id = '"
                  + node.getId()
                  + "'); this server configures only gateways, activators and proxyless"
                  + " gRPC clients"));
    }
    stream = new StreamState(streamId, node.getId(), group, delta, clock.instant());
    streams.open(stream);
    metrics.streams(group, streams.count(group));
    return stream;
  }
}
