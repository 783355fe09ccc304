package net.evroclabs.run.xds;

import com.google.protobuf.Any;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw ADS client on the Envoy protos, as Envoy behaves: state of the world, ACKs what it accepts,
 * NACKs what {@code reject} says, keeps its last accepted resources and reconnects (resending its
 * accepted versions) when the stream breaks.
 */
public final class AdsClient implements AutoCloseable {

  /** An accepted (or rejected) response. */
  public record Received(String typeUrl, String version, List<Any> resources, boolean accepted) {}

  private final ManagedChannel channel;
  private final Node node;
  private final Predicate<DiscoveryResponse> reject;
  private final List<String> types;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, DiscoveryResponse> accepted = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private volatile StreamObserver<DiscoveryRequest> requests;
  private volatile boolean closed;
  private volatile int connections;

  public AdsClient(
      int port,
      String nodeId,
      String cluster,
      List<String> typeUrls,
      Predicate<DiscoveryResponse> reject) {
    this.channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(256 << 20)
            .build();
    this.node = Node.newBuilder().setId(nodeId).setCluster(cluster).build();
    this.reject = reject;
    this.types = List.copyOf(typeUrls);
    connect();
  }

  private synchronized void connect() {
    if (closed) {
      return;
    }
    connections++;
    StreamObserver<DiscoveryRequest> out =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse r) {
                    boolean ok = !reject.test(r);
                    received.add(
                        new Received(r.getTypeUrl(), r.getVersionInfo(), r.getResourcesList(), ok));
                    DiscoveryRequest.Builder reply =
                        DiscoveryRequest.newBuilder()
                            .setTypeUrl(r.getTypeUrl())
                            .setResponseNonce(r.getNonce());
                    if (ok) {
                      accepted.put(r.getTypeUrl(), r);
                      reply.setVersionInfo(r.getVersionInfo());
                    } else {
                      DiscoveryResponse last = accepted.get(r.getTypeUrl());
                      reply
                          .setVersionInfo(last == null ? "" : last.getVersionInfo())
                          .setErrorDetail(
                              Status.newBuilder()
                                  .setCode(3)
                                  .setMessage(
                                      "rejected version " + r.getVersionInfo() + ": " + detail));
                    }
                    send(reply.build());
                  }

                  @Override
                  public void onError(Throwable t) {
                    errors.add(t);
                    if (!closed) {
                      reconnects.schedule(AdsClient.this::connect, 100, TimeUnit.MILLISECONDS);
                    }
                  }

                  @Override
                  public void onCompleted() {
                    if (!closed) {
                      reconnects.schedule(AdsClient.this::connect, 100, TimeUnit.MILLISECONDS);
                    }
                  }
                });
    requests = out;
    boolean first = true;
    for (String type : types) {
      DiscoveryResponse last = accepted.get(type);
      DiscoveryRequest.Builder r =
          DiscoveryRequest.newBuilder()
              .setTypeUrl(type)
              .setVersionInfo(last == null ? "" : last.getVersionInfo());
      if (first) {
        r.setNode(node);
        first = false;
      }
      send(r.build());
    }
  }

  private volatile String detail = "invalid resource";

  /** The error detail sent with NACKs. */
  public void rejectWith(String newDetail) {
    detail = newDetail;
  }

  private synchronized void send(DiscoveryRequest r) {
    requests.onNext(r);
  }

  public List<Received> received(String typeUrl) {
    List<Received> out = new ArrayList<>();
    for (Received r : received) {
      if (r.typeUrl().equals(typeUrl)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The last accepted response of a type, or null. */
  public DiscoveryResponse accepted(String typeUrl) {
    return accepted.get(typeUrl);
  }

  public int connections() {
    return connections;
  }

  public List<Throwable> errors() {
    return errors;
  }

  /** Opens a delta stream for one type; responses go to {@code responses}. */
  public StreamObserver<DeltaDiscoveryRequest> delta(List<DeltaDiscoveryResponse> responses) {
    return AggregatedDiscoveryServiceGrpc.newStub(channel)
        .deltaAggregatedResources(
            new StreamObserver<>() {
              @Override
              public void onNext(DeltaDiscoveryResponse r) {
                responses.add(r);
              }

              @Override
              public void onError(Throwable t) {
                errors.add(t);
              }

              @Override
              public void onCompleted() {
                errors.add(new IllegalStateException("delta stream completed"));
              }
            });
  }

  public Node node() {
    return node;
  }

  @Override
  public void close() {
    closed = true;
    reconnects.shutdownNow();
    channel.shutdownNow();
  }
}
