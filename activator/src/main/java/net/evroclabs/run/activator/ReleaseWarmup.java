package net.evroclabs.run.activator;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 * on private state: a delta cluster response sent over an ADS stream of its own (a loopback gRPC
 * server here, an {@link XdsEndpointSource} on the same gRPC transport as xds-server's) and applied
 * to a private {@link EndpointRegistry}; a request through a private frontend on the activator's
 * event loops, held until the revision has a pod, and a poke over the scaler's client to the pod
 * (first rounds only); a load assignment naming a pod (a loopback server here) down the same
 * stream, the release, a new connection to the pod, the response back; then the cluster's removal.
 * Every update is ACKed as a real one is. Nothing reaches the scaler, the real registry, the
 * metrics or xds-server. A round that fails or does not finish in time ends the warm-up (it only
 * saves time; the activator serves all the same).
 */
final class ReleaseWarmup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWarmup.class);
  private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(5);
  private static final String NAMESPACE = "run-warmup";
  // The scaler client's first requests load and compile the JDK's HTTP client, tens of
  // milliseconds each; a few hundred bring a poke to about a millisecond. Each costs the warm-up
  // more than a release, so the rounds after these only note the hold.
  static final int POKES = 250;

  /** How many rounds ran, how long they took, and how many updates the stream ACKed. */
  record Result(int rounds, Duration took, int updatesAcked) {}

  /** What the warm-up's client got back (read on the event loop: no buffer crosses threads). */
  private record Answer(int status, boolean coldStart, String body) {}

  private final Transport transport;
  private final EventLoopGroup workers;
  private final EndpointRegistry registry;
  private final Feed feed = new Feed();
  private final Server xdsServer;
  private final XdsEndpointSource xds;
  private final Channel pod;
  // The scaler client keeps its connection to the pod open; the warm-up's end closes it.
  private final ChannelGroup podConnections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ScalerPoker poker;
  private final Channel frontend;
  private final AtomicInteger pokesSent = new AtomicInteger();
  private final AtomicInteger pokes = new AtomicInteger();
  private volatile CompletableFuture<RevisionKey> held = new CompletableFuture<>();
  private volatile CompletableFuture<Answer> answered = new CompletableFuture<>();
  private Channel client;
  private volatile boolean closed;

  /**
   * @param pokeClient the client the activator pokes the scaler with, to poke the warm-up's pod in
   *     its place; null when the scaler is not reached over HTTP (then a held request is only
   *     noted)
   */
  ReleaseWarmup(
      Transport transport,
      EventLoopGroup boss,
      EventLoopGroup workers,
      ScheduledExecutorService scheduler,
      HttpClient pokeClient,
      ActivatorConfig config)
      throws InterruptedException, IOException {
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
    this.xdsServer =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create())
            .directExecutor()
            .addService(feed)
            .build()
            .start();
    this.xds =
        new XdsEndpointSource(
            Grpc.newChannelBuilderForAddress(
                    "127.0.0.1", xdsServer.getPort(), InsecureChannelCredentials.create())
                .build(),
            "warm-up",
            registry,
            metrics,
            config.backoff(),
            scheduler);
    ProxyRuntime runtime =
        new ProxyRuntime(
            config,
            registry,
            new UpstreamPool(transport, config.connectTimeout(), config.maxIdlePerPod()),
            this::poke,
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
                    podConnections.add(ch);
                    ch.pipeline().addLast(new HttpServerCodec(), new Pod());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    // Where the activator pokes the scaler, the warm-up pokes its pod, which answers as the scaler
    // does, in the first POKES rounds. The round goes on without waiting for the answer, as a real
    // cold start does.
    this.poker =
        pokeClient == null
            ? null
            : new ScalerPoker(
                ScalerPoker.http(pokeClient, URI.create("http://" + hostAndPort(pod))),
                config.pokeInterval(),
                config.backoff(),
                scheduler,
                metrics,
                registry::holdsColdRequests);
    registry.onColdWithWaiters(this::poke);
    xds.start();
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
      xds.close();
      xdsServer.shutdownNow();
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
    return new Result(done, Duration.ofNanos(System.nanoTime() - start), feed.acked.get());
  }

  private void round(int n) throws Exception {
    RevisionKey key = new RevisionKey(NAMESPACE, "warm-up-" + n);
    held = new CompletableFuture<>();
    answered = new CompletableFuture<>();
    await(feed.send(clusterAdded(key, n)), "the cluster's ACK");
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/warm-up");
    request
        .headers()
        .set(ProxyHeaders.REVISION, key.toString())
        .set(HttpHeaderNames.HOST, "warm-up");
    client().writeAndFlush(request);
    await(held, "the hold");
    CompletableFuture<Void> podAcked = feed.send(podReady(key, n));
    Answer answer = await(answered, "the response");
    if (answer.status() != 200 || !answer.coldStart()) {
      throw new IllegalStateException(
          "released request answered " + answer.status() + ", " + answer.body());
    }
    await(podAcked, "the load assignment's ACK");
    await(feed.send(clusterRemoved(key.toString(), n)), "the removal's ACK");
  }

  /** The activator holds the round's request: poke, as it pokes the scaler. */
  private void poke(RevisionKey key) {
    held.complete(key);
    if (poker != null && pokesSent.getAndIncrement() < POKES) {
      poker.poke(key);
    }
  }

  /** Pokes the pod answered so far in the scaler's place. */
  int pokes() {
    return pokes.get();
  }

  private static String hostAndPort(Channel server) {
    InetSocketAddress address = (InetSocketAddress) server.localAddress();
    return address.getHostString() + ":" + address.getPort();
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

  private static DeltaDiscoveryResponse clusterAdded(RevisionKey key, int n) {
    Cluster cluster =
        XdsTranslation.cluster(
            key,
            new RevisionSettings(
                (int) ROUND_TIMEOUT.toSeconds(), 0, RevisionSettings.Protocol.HTTP1));
    return response(XdsTranslation.CLUSTER_TYPE, n, "cluster")
        .addResources(resource(key.toString(), n, Any.pack(cluster)))
        .build();
  }

  private DeltaDiscoveryResponse podReady(RevisionKey key, int n) {
    InetSocketAddress address = (InetSocketAddress) pod.localAddress();
    ClusterLoadAssignment assignment =
        XdsTranslation.assignment(
            key, List.of(new Endpoint(address.getHostString(), address.getPort())));
    return response(XdsTranslation.ENDPOINT_TYPE, n, "pod")
        .addResources(resource(key.toString(), n, Any.pack(assignment)))
        .build();
  }

  private static DeltaDiscoveryResponse clusterRemoved(String name, int n) {
    return response(XdsTranslation.CLUSTER_TYPE, n, "removal")
        .addAllRemovedResources(List.of(name))
        .build();
  }

  private static DeltaDiscoveryResponse.Builder response(String type, int n, String what) {
    return DeltaDiscoveryResponse.newBuilder()
        .setTypeUrl(type)
        .setSystemVersionInfo("warm-up-" + n)
        .setNonce(n + "-" + what);
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
    podConnections.close().syncUninterruptibly();
    xds.close();
    xdsServer.shutdownNow();
    feed.end(new IllegalStateException("closed"));
  }

  /**
   * The warm-up's side of its ADS stream: sends the responses it is handed and tells when the
   * activator's side ACKed each. Subscriptions are not needed: each response names what it carries.
   */
  private static final class Feed
      extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {

    private final CompletableFuture<StreamObserver<DeltaDiscoveryResponse>> stream =
        new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger acked = new AtomicInteger();

    @Override
    public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
        StreamObserver<DeltaDiscoveryResponse> responses) {
      if (!stream.complete(responses)) {
        responses.onError(
            Status.FAILED_PRECONDITION
                .withDescription("the warm-up serves one stream")
                .asRuntimeException());
      }
      return new StreamObserver<>() {
        @Override
        public void onNext(DeltaDiscoveryRequest request) {
          CompletableFuture<Void> reply = replies.remove(request.getResponseNonce());
          if (reply == null) {
            return; // a subscription
          }
          if (request.hasErrorDetail()) {
            reply.completeExceptionally(
                new IllegalStateException(
                    "update NACKed: " + request.getErrorDetail().getMessage()));
          } else {
            acked.incrementAndGet();
            reply.complete(null);
          }
        }

        @Override
        public void onError(Throwable t) {
          end(t);
        }

        @Override
        public void onCompleted() {
          end(new IllegalStateException("the warm-up's xDS stream ended"));
        }
      };
    }

    /** Sends {@code response} (from one thread at a time); completes once it is ACKed. */
    CompletableFuture<Void> send(DeltaDiscoveryResponse response) throws Exception {
      CompletableFuture<Void> reply = new CompletableFuture<>();
      replies.put(response.getNonce(), reply);
      await(stream, "the warm-up's xDS stream").onNext(response);
      return reply;
    }

    void end(Throwable cause) {
      stream.completeExceptionally(cause);
      replies.values().forEach(r -> r.completeExceptionally(cause));
    }
  }

  /**
   * The pod: answers every request 200 and closes, so that each release connects anew. It also
   * stands in for the scaler: a poke is answered 202 on a connection kept open, as the scaler does.
   */
  private final class Pod extends SimpleChannelInboundHandler<HttpObject> {
    private boolean poke;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest request) {
        poke = request.uri().equals("/v1/poke");
      }
      if (msg instanceof LastHttpContent && poke) {
        FullHttpResponse response =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response);
        pokes.incrementAndGet();
      } else if (msg instanceof LastHttpContent) {
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
