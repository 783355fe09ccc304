package net.evroclabs.run.bench.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
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
 * Envoy asks for them), ACKs every response at once and keeps only the versions it acknowledged.
 */
final class BenchAdsClient implements AutoCloseable {

  private final ManagedChannel channel;
  private final Map<String, List<String>> names;
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final StreamObserver<DiscoveryRequest> requests;
  private volatile boolean closed;

  BenchAdsClient(int port, String nodeId, List<String> clusterNames, List<String> routeNames) {
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(512 << 20)
            .build();
    names =
        Map.of(
            Resources.V3.CLUSTER_TYPE_URL,
            List.of(),
            Resources.V3.ENDPOINT_TYPE_URL,
            clusterNames,
            Resources.V3.LISTENER_TYPE_URL,
            List.of(),
            Resources.V3.ROUTE_TYPE_URL,
            routeNames);
    requests =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse r) {
                    bytes.addAndGet(r.getSerializedSize());
                    send(
                        DiscoveryRequest.newBuilder()
                            .setTypeUrl(r.getTypeUrl())
                            .setVersionInfo(r.getVersionInfo())
                            .setResponseNonce(r.getNonce())
                            .addAllResourceNames(names.get(r.getTypeUrl()))
                            .build());
                    acked.put(r.getTypeUrl(), r.getVersionInfo());
                  }

                  @Override
                  public void onError(Throwable t) {
                    if (closed) {
                      return;
                    }
                    System.err.println("# client " + nodeId + " stream failed: " + t);
                  }

                  @Override
                  public void onCompleted() {
                    System.err.println("# client " + nodeId + " stream completed");
                  }
                });
    Node node = Node.newBuilder().setId(nodeId).setCluster("gateway").build();
    boolean first = true;
    for (String type :
        List.of(
            Resources.V3.CLUSTER_TYPE_URL,
            Resources.V3.ENDPOINT_TYPE_URL,
            Resources.V3.LISTENER_TYPE_URL,
            Resources.V3.ROUTE_TYPE_URL)) {
      DiscoveryRequest.Builder r =
          DiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNames(names.get(type));
      if (first) {
        r.setNode(node);
        first = false;
      }
      send(r.build());
    }
  }

  private synchronized void send(DiscoveryRequest r) {
    requests.onNext(r);
  }

  String acked(String typeUrl) {
    return acked.get(typeUrl);
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
