package net.evroclabs.run.xds.server;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.admin.XdsMetrics;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.pipeline.RouteRecords;

/**
 * The ADS gRPC server (state of the world and delta) on java-control-plane, over grpc-netty-shaded,
 * with keepalive, a request size limit and optional mutual TLS. Responses of one stream are sent in
 * order on a shared pool, so a slow stream never holds up the others. The same service can also be
 * served in-process, to clients in the same JVM (local mode's activator and ingress), without the
 * network hops.
 */
public final class XdsGrpcServer implements AutoCloseable {

  private final Server server;
  private final Server inProcess;
  private final ExecutorService sendPool;

  private XdsGrpcServer(Server server, Server inProcess, ExecutorService sendPool) {
    this.server = server;
    this.inProcess = inProcess;
    this.sendPool = sendPool;
  }

  /**
   * A server for a cache fed without a routing pipeline (benchmarks, tests): route records and
   * metrics of its own, the system clocks.
   */
  public static XdsGrpcServer start(
      XdsServerSettings settings, XdsCache cache, XdsStreams streams, Versions versions) {
    return start(
        settings,
        cache,
        streams,
        new RouteRecords(streams, versions),
        new XdsMetrics(),
        Clock.systemUTC(),
        System::nanoTime);
  }

  /**
   * Binds and starts the server and, when {@code settings.inProcessName()} is set, serves the same
   * streams in-process under that name.
   */
  public static XdsGrpcServer start(
      XdsServerSettings settings,
      XdsCache cache,
      XdsStreams streams,
      RouteRecords routes,
      XdsMetrics metrics,
      Clock clock,
      LongSupplier nanoTime) {
    streams.onClose(s -> metrics.streams(s.group(), streams.count(s.group())));
    for (NodeGroup g : NodeGroup.values()) {
      metrics.streams(g, 0);
    }
    StreamCallbacks callbacks = new StreamCallbacks(streams, routes, metrics, clock, nanoTime);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "xds-send");
              t.setDaemon(true);
              return t;
            });
    V3DiscoveryServer discovery =
        new V3DiscoveryServer(
            List.of(callbacks),
            cache,
            () -> MoreExecutors.newSequentialExecutor(pool),
            new CachedProtoResourcesSerializer());
    StreamLifecycle lifecycle = new StreamLifecycle(streams::close);
    ServerServiceDefinition service =
        ServerInterceptors.intercept(discovery.getAggregatedDiscoveryServiceImpl(), lifecycle);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(settings.address(), settings.port()))
            .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .permitKeepAliveTime(5, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .maxInboundMessageSize(settings.maxInboundMessageBytes())
            .addService(service);
    if (settings.tls() != null) {
      try {
        builder.sslContext(
            GrpcSslContexts.forServer(
                    settings.tls().certificateChain().toFile(),
                    settings.tls().privateKey().toFile())
                .trustManager(settings.tls().clientCa().toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .build());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "xDS TLS: cannot read " + settings.tls() + ": " + e.getMessage(), e);
      }
    }
    Server server = null;
    try {
      server = builder.build().start();
      Server local =
          settings.inProcessName() == null
              ? null
              : InProcessServerBuilder.forName(settings.inProcessName())
                  .maxInboundMessageSize(settings.maxInboundMessageBytes())
                  .addService(service)
                  .build()
                  .start();
      return new XdsGrpcServer(server, local, pool);
    } catch (IOException e) {
      if (server != null) {
        server.shutdownNow();
      }
      pool.shutdownNow();
      throw new UncheckedIOException(
          "cannot listen for xDS on " + settings.address() + ":" + settings.port(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.shutdownNow();
    }
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sendPool.shutdownNow();
  }
}
