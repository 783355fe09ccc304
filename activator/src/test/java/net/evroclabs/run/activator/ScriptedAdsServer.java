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
 * responses that a cache does not produce on demand. Requests are read and dropped.
 */
public final class ScriptedAdsServer implements AutoCloseable {

  private final BlockingQueue<StreamObserver<DiscoveryResponse>> streams =
      new LinkedBlockingQueue<>();
  private final BlockingQueue<StreamObserver<DeltaDiscoveryResponse>> deltaStreams =
      new LinkedBlockingQueue<>();
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
                    return ignored();
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
