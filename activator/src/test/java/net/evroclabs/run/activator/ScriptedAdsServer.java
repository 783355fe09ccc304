package net.evroclabs.run.activator;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An ADS server on loopback whose responses a test writes by hand, for orders and shapes of
 * responses that a cache does not produce on demand. Delta requests are kept for the test to read;
 * state-of-the-world requests are dropped.
 */
public final class ScriptedAdsServer implements AutoCloseable {

  private final BlockingQueue<StreamObserver<DiscoveryResponse>> streams =
      new LinkedBlockingQueue<>();
  private final BlockingQueue<StreamObserver<DeltaDiscoveryResponse>> deltaStreams =
      new LinkedBlockingQueue<>();
  private final BlockingQueue<DeltaDiscoveryRequest> deltaRequests = new LinkedBlockingQueue<>();
  private final Server server;

  public ScriptedAdsServer() throws IOException {
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(
                new AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase() {
                  @Override
                  public StreamObserver<DiscoveryRequest> streamAggregatedResources(
                      StreamObserver<DiscoveryResponse> responses) {
                    streams.add(responses);
                    return ignored();
                  }

                  @Override
                  public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
                      StreamObserver<DeltaDiscoveryResponse> responses) {
                    deltaStreams.add(responses);
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(DeltaDiscoveryRequest request) {
                        deltaRequests.add(request);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    };
                  }
                })
            .build()
            .start();
  }

  /** A new plain-text channel to this server. */
  public ManagedChannel channel() {
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
        .build();
  }

  /** The response side of the next state-of-the-world stream opened, waiting up to 10 s. */
  public StreamObserver<DiscoveryResponse> nextStream() throws InterruptedException {
    return streams.poll(10, TimeUnit.SECONDS);
  }

  /** The response side of the next delta stream opened, waiting up to 10 s. */
  public StreamObserver<DeltaDiscoveryResponse> nextDeltaStream() throws InterruptedException {
    return deltaStreams.poll(10, TimeUnit.SECONDS);
  }

  /**
   * The next subscription change of {@code typeUrl} on any delta stream (requests that ACK or NACK
   * a response are passed over), waiting up to 10 s; null if none came.
   */
  public DeltaDiscoveryRequest nextDeltaSubscription(String typeUrl) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      DeltaDiscoveryRequest r = deltaRequests.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (r == null || (r.getTypeUrl().equals(typeUrl) && r.getResponseNonce().isEmpty())) {
        return r;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static <T> StreamObserver<T> ignored() {
    return new StreamObserver<>() {
      @Override
      public void onNext(T request) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
