package net.evroclabs.run.activator;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hold-and-release path on loopback before the activator says it is ready, so that the
 * first cold starts it serves do not run it interpreted. A release runs once per cold start, so
 * left alone the JIT compiles that path only after some thousand cold starts; until then a release
 * takes several times as long, and the compiler's work competes with it for the cores.
 *
 * <p>Each round is one cold start of a revision of its own, through the same code as a real one but
 * on private state: a delta cluster response (serialized and parsed, as off the wire) applied by
 * {@link EndpointUpdates} to a private {@link EndpointRegistry}; a request through a private
 * frontend on the activator's event loops, held until the revision has a pod; a load assignment
 * naming a pod (a loopback server here), the release, a new connection to the pod, the response
 * back; then the cluster's removal. Nothing reaches the scaler, the real registry, the metrics or
 * xds-server. A round that fails or does not finish in time ends the warm-up (it only saves time;
 * the activator serves all the same).
 */
final class ReleaseWarmup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWarmup.class);
  private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(5);
  private static final String NAMESPACE = "run-warmup";

  /** How many rounds ran and how long they took. */
  record Result(int rounds, Duration took) {}

  /** What the warm-up's client got back (read on the event loop: no buffer crosses threads). */
  private record Answer(int status, boolean coldStart, String body) {}

  private final Transport transport;
  private final EventLoopGroup workers;
  private final EndpointRegistry registry;
  private final EndpointUpdates updates;
  private final Channel pod;
  private final Channel frontend;
  private volatile CompletableFuture<RevisionKey> held = new CompletableFuture<>();
  private volatile CompletableFuture<Answer> answered = new CompletableFuture<>();
  private Channel client;
  private volatile boolean closed;

  ReleaseWarmup(
      Transport transport, EventLoopGroup boss, EventLoopGroup workers, ActivatorConfig config)
      throws InterruptedException {
    this.transport = transport;
    this.workers = workers;
    this.registry =
        new EndpointRegistry(
            config.queueLimit(),
            () -> new ReleasePolicy(ThreadLocalRandom.current()),
            Duration.ZERO,
            System::nanoTime);
    ActivatorMetrics metrics = new ActivatorMetrics(registry::heldCounts);
    registry.onRemoved(metrics::forget);
    // Where the activator pokes the scaler, the warm-up learns that its request is held.
    registry.onColdWithWaiters(key -> held.complete(key));
    this.updates =
        new EndpointUpdates(
            Node.newBuilder().setId("warm-up").setCluster(XdsEndpointSource.NODE_CLUSTER).build(),
            registry,
            metrics,
            request -> {});
    ProxyRuntime runtime =
        new ProxyRuntime(
            config,
            registry,
            new UpstreamPool(transport, config.connectTimeout(), config.maxIdlePerPod()),
            key -> held.complete(key),
            metrics);
    this.pod =
        new ServerBootstrap()
            .group(workers)
            .channel(transport.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new Pod());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    Channel front;
    try {
      front =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(transport.serverChannel())
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new FrontendInitializer(runtime))
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
    } catch (InterruptedException | RuntimeException e) {
      pod.close();
      throw e;
    }
    this.frontend = front;
  }

  /**
   * Runs up to {@code rounds} rounds, telling {@code progress} the number done after each; stops
   * early when one fails or {@link #close} is called. Returns what ran.
   */
  Result run(int rounds, IntConsumer progress) {
    long start = System.nanoTime();
    int done = 0;
    try {
      while (done < rounds && !closed) {
        round(done);
        progress.accept(++done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!closed) {
        LOG.warn("warm-up stopped after {} of {} releases: {}", done, rounds, e.toString());
      }
    }
    return new Result(done, Duration.ofNanos(System.nanoTime() - start));
  }

  private void round(int n) throws Exception {
    RevisionKey key = new RevisionKey(NAMESPACE, "warm-up-" + n);
    held = new CompletableFuture<>();
    answered = new CompletableFuture<>();
    updates.respond(wire(clusterAdded(key, n)));
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/warm-up");
    request
        .headers()
        .set(ProxyHeaders.REVISION, key.toString())
        .set(HttpHeaderNames.HOST, "warm-up");
    client().writeAndFlush(request);
    await(held, "the hold");
    updates.respond(wire(podReady(key, n)));
    Answer answer = await(answered, "the response");
    if (answer.status() != 200 || !answer.coldStart()) {
      throw new IllegalStateException(
          "released request answered " + answer.status() + ", " + answer.body());
    }
    updates.respond(wire(clusterRemoved(key.toString(), n)));
  }

  private synchronized Channel client() throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (client == null || !client.isActive()) {
      client =
          new Bootstrap()
              .group(workers)
              .channel(transport.channel())
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new HttpClientCodec(),
                              new HttpObjectAggregator(64 * 1024),
                              new Client());
                    }
                  })
              .connect(frontend.localAddress())
              .sync()
              .channel();
    }
    return client;
  }

  private static <T> T await(CompletableFuture<T> f, String what) throws Exception {
    try {
      return f.get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(what + " did not come within " + ROUND_TIMEOUT);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** As a response comes off the wire: serialized by the server, parsed here. */
  private static DeltaDiscoveryResponse wire(DeltaDiscoveryResponse response)
      throws InvalidProtocolBufferException {
    return DeltaDiscoveryResponse.parseFrom(response.toByteString());
  }

  private static DeltaDiscoveryResponse clusterAdded(RevisionKey key, int n) {
    Cluster cluster =
        XdsTranslation.cluster(
            key,
            new RevisionSettings(
                (int) ROUND_TIMEOUT.toSeconds(), 0, RevisionSettings.Protocol.HTTP1));
    return response(XdsTranslation.CLUSTER_TYPE, n)
        .addResources(resource(key.toString(), n, Any.pack(cluster)))
        .build();
  }

  private DeltaDiscoveryResponse podReady(RevisionKey key, int n) {
    InetSocketAddress address = (InetSocketAddress) pod.localAddress();
    ClusterLoadAssignment assignment =
        XdsTranslation.assignment(
            key, List.of(new Endpoint(address.getHostString(), address.getPort())));
    return response(XdsTranslation.ENDPOINT_TYPE, n)
        .addResources(resource(key.toString(), n, Any.pack(assignment)))
        .build();
  }

  private static DeltaDiscoveryResponse clusterRemoved(String name, int n) {
    return response(XdsTranslation.CLUSTER_TYPE, n).addAllRemovedResources(List.of(name)).build();
  }

  private static DeltaDiscoveryResponse.Builder response(String type, int n) {
    return DeltaDiscoveryResponse.newBuilder()
        .setTypeUrl(type)
        .setSystemVersionInfo("warm-up-" + n)
        .setNonce(Integer.toString(n));
  }

  private static Resource resource(String name, int n, Any payload) {
    return Resource.newBuilder()
        .setName(name)
        .setVersion(Integer.toString(n))
        .setResource(payload)
        .build();
  }

  /** The revisions the warm-up's private registry holds now (none once a round is done). */
  int revisionsLeft() {
    return registry.keys().size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    held.cancel(false);
    answered.cancel(false);
    if (client != null) {
      client.close().syncUninterruptibly();
    }
    frontend.close().syncUninterruptibly();
    pod.close().syncUninterruptibly();
  }

  /** The pod: answers every request 200 and closes, so that each release connects anew. */
  private static final class Pod extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof LastHttpContent) {
        FullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                Unpooled.copiedBuffer("warm\n", StandardCharsets.US_ASCII));
        response
            .headers()
            .set(HttpHeaderNames.CONTENT_LENGTH, 5)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private final class Client extends SimpleChannelInboundHandler<FullHttpResponse> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
      answered.complete(
          new Answer(
              msg.status().code(),
              msg.headers().contains(ProxyHeaders.COLD_START),
              msg.content().toString(StandardCharsets.UTF_8)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      answered.completeExceptionally(
          new IllegalStateException("the warm-up's connection to the activator closed"));
    }
  }
}
