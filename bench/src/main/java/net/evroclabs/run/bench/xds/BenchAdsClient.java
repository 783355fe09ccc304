package net.evroclabs.run.bench.xds;

import com.google.protobuf.ByteString;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway-like ADS client: wildcard clusters and listeners, endpoints and routes by name (as
 * Envoy asks for them: endpoints once the clusters came, routes once the listeners came), ACKs
 * every response at once and keeps only the versions it acknowledged. Either state of the world
 * (every ACK repeats the names) or delta (the gateway bootstrap's mode: names are subscribed once,
 * an ACK is a nonce).
 */
final class BenchAdsClient implements AutoCloseable {

  /** What Envoy asks for first; the dependent type is asked for once the first response came. */
  private static final Map<String, String> FIRST_THEN =
      Map.of(
          Resources.V3.CLUSTER_TYPE_URL, Resources.V3.ENDPOINT_TYPE_URL,
          Resources.V3.LISTENER_TYPE_URL, Resources.V3.ROUTE_TYPE_URL);

  private final String nodeId;
  private final Node node;
  private final ManagedChannel channel;
  private final Map<String, List<ByteString>> names = new ConcurrentHashMap<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final Map<String, Boolean> asked = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final Map<String, Long> bytesByType = new ConcurrentHashMap<>();
  private final StreamObserver<DiscoveryRequest> sotw;
  private final StreamObserver<DeltaDiscoveryRequest> delta;
  private volatile boolean closed;

  BenchAdsClient(
      int port, String nodeId, boolean deltaMode, List<String> clusterNames, List<String> routes) {
    this.nodeId = nodeId;
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(512 << 20)
            .build();
    // Names kept as UTF-8 bytes, as a C++ client holds them: requests are written without
    // re-encoding every name in this JVM, which the server shares.
    names.put(Resources.V3.CLUSTER_TYPE_URL, List.of());
    names.put(Resources.V3.ENDPOINT_TYPE_URL, utf8(clusterNames));
    names.put(Resources.V3.LISTENER_TYPE_URL, List.of());
    names.put(Resources.V3.ROUTE_TYPE_URL, utf8(routes));
    node = Node.newBuilder().setId(nodeId).setCluster("gateway").build();
    AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub =
        AggregatedDiscoveryServiceGrpc.newStub(channel);
    if (deltaMode) {
      sotw = null;
      delta = stub.deltaAggregatedResources(new DeltaObserver());
    } else {
      delta = null;
      sotw = stub.streamAggregatedResources(new SotwObserver());
    }
    ask(Resources.V3.CLUSTER_TYPE_URL);
    ask(Resources.V3.LISTENER_TYPE_URL);
  }

  /** Sends the first request for {@code type}, once. */
  private void ask(String type) {
    if (asked.putIfAbsent(type, true) != null) {
      return;
    }
    boolean first = asked.size() == 1;
    if (delta != null) {
      DeltaDiscoveryRequest.Builder r = DeltaDiscoveryRequest.newBuilder().setTypeUrl(type);
      for (ByteString name : names.get(type)) {
        r.addResourceNamesSubscribeBytes(name);
      }
      if (first) {
        r.setNode(node);
      }
      sendDelta(r.build());
    } else {
      DiscoveryRequest.Builder r = DiscoveryRequest.newBuilder().setTypeUrl(type);
      for (ByteString name : names.get(type)) {
        r.addResourceNamesBytes(name);
      }
      if (first) {
        r.setNode(node);
      }
      sendSotw(r.build());
    }
  }

  private static List<ByteString> utf8(List<String> strings) {
    return strings.stream().map(ByteString::copyFromUtf8).toList();
  }

  /** What both stream kinds do when the stream ends. */
  private abstract class Observer<T> implements StreamObserver<T> {
    @Override
    public void onError(Throwable t) {
      if (!closed) {
        System.err.println("# client " + nodeId + " stream failed: " + t);
      }
    }

    @Override
    public void onCompleted() {
      System.err.println("# client " + nodeId + " stream completed");
    }
  }

  private final class SotwObserver extends Observer<DiscoveryResponse> {
    @Override
    public void onNext(DiscoveryResponse r) {
      received(r.getTypeUrl(), r.getSerializedSize());
      askDependent(r.getTypeUrl());
      DiscoveryRequest.Builder ack =
          DiscoveryRequest.newBuilder()
              .setTypeUrl(r.getTypeUrl())
              .setVersionInfo(r.getVersionInfo())
              .setResponseNonce(r.getNonce());
      for (ByteString name : names.get(r.getTypeUrl())) {
        ack.addResourceNamesBytes(name);
      }
      sendSotw(ack.build());
      acked.put(r.getTypeUrl(), r.getVersionInfo());
    }
  }

  private final class DeltaObserver extends Observer<DeltaDiscoveryResponse> {
    @Override
    public void onNext(DeltaDiscoveryResponse r) {
      received(r.getTypeUrl(), r.getSerializedSize());
      askDependent(r.getTypeUrl());
      sendDelta(
          DeltaDiscoveryRequest.newBuilder()
              .setTypeUrl(r.getTypeUrl())
              .setResponseNonce(r.getNonce())
              .build());
      acked.put(r.getTypeUrl(), r.getSystemVersionInfo());
    }
  }

  private void askDependent(String typeUrl) {
    String then = FIRST_THEN.get(typeUrl);
    if (then != null) {
      ask(then);
    }
  }

  private void received(String typeUrl, int size) {
    bytes.addAndGet(size);
    bytesByType.merge(typeUrl, (long) size, Long::sum);
  }

  private synchronized void sendSotw(DiscoveryRequest r) {
    sotw.onNext(r);
  }

  private synchronized void sendDelta(DeltaDiscoveryRequest r) {
    delta.onNext(r);
  }

  String acked(String typeUrl) {
    return acked.get(typeUrl);
  }

  /** Response bytes received so far, by type URL. */
  Map<String, Long> bytesByType() {
    return Map.copyOf(bytesByType);
  }

  long bytes() {
    return bytes.get();
  }

  @Override
  public void close() {
    closed = true;
    channel.shutdownNow();
  }
}
