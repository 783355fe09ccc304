package net.evroclabs.run.activator;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.evroclabs.run.activator.ingress.IngressServer;
import net.evroclabs.run.activator.ingress.IngressTraffic;
import net.evroclabs.run.activator.ingress.LocalCertificate;
import net.evroclabs.run.activator.ingress.RouteSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running activator: proxy port, admin port, xDS stream and scaler poker, built from one {@link
 * ActivatorConfig}.
 */
public final class Activator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Activator.class);

  private final ActivatorConfig config;
  private final EndpointRegistry registry;
  private final ActivatorMetrics metrics;
  private final ProxyRuntime runtime;
  private final ScheduledExecutorService scheduler;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final XdsEndpointSource xds;
  private final AdminServer admin;
  private final Channel server;
  private final IngressTraffic ingressTraffic;
  private final RouteSource routeSource;
  private final IngressServer ingress;
  private volatile boolean ready = true;
  private final ReleaseWarmup warmup;
  private final Thread warmupThread;
  private volatile boolean warmedUp;
  private volatile int warmupRounds;

  private Activator(
      ActivatorConfig config, ScalerPoker.Target scaler, Supplier<ManagedChannel> xdsChannels)
      throws Exception {
    this.config = config;
    // Before anything is bound: the likeliest failure of the ingress.
    java.nio.file.Path keystore =
        config.ingress().enabled()
            ? LocalCertificate.ensure(config.ingress().certDir(), config.ingress().domain())
            : null;
    this.registry =
        new EndpointRegistry(
            config.queueLimit(),
            () -> new ReleasePolicy(ThreadLocalRandom.current()),
            config.removedRevisionGrace(),
            System::nanoTime);
    this.metrics = new ActivatorMetrics(registry::heldCounts);
    registry.onRemoved(metrics::forget);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "activator-scheduler");
              t.setDaemon(true);
              return t;
            });
    HttpClient pokeClient =
        scaler != null
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    ScalerPoker poker =
        new ScalerPoker(
            scaler != null ? scaler : ScalerPoker.http(pokeClient, config.scalerUrl()),
            config.pokeInterval(),
            config.backoff(),
            scheduler,
            metrics,
            registry::holdsColdRequests);
    registry.onColdWithWaiters(poker::poke);
    Transport transport = Transport.detect();
    this.runtime =
        new ProxyRuntime(
            config,
            registry,
            new UpstreamPool(transport, config.connectTimeout(), config.maxIdlePerPod()),
            poker::poke,
            metrics);
    this.boss = transport.group(1, "activator-accept");
    this.workers = transport.group(config.ioThreads(), "activator-io");
    this.server =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(32 * 1024, 64 * 1024))
            .childHandler(new FrontendInitializer(runtime))
            .bind(new InetSocketAddress(config.bindHost(), config.proxyPort()))
            .sync()
            .channel();
    this.admin = new AdminServer(config.bindHost(), config.adminPort(), this::isReady, metrics);
    this.xds =
        new XdsEndpointSource(
            xdsChannels.get(), config.nodeId(), registry, metrics, config.backoff(), scheduler);
    xds.start();
    ReleaseWarmup w = null;
    if (config.warmupReleases() > 0) {
      try {
        w = new ReleaseWarmup(transport, boss, workers, scheduler, pokeClient, config);
      } catch (InterruptedException | IOException | RuntimeException e) {
        stopParts();
        throw e;
      }
    }
    this.warmup = w;
    if (warmup == null) {
      warmedUp = true;
      warmupThread = null;
    } else {
      warmupThread = Thread.ofPlatform().daemon().name("activator-warm-up").start(this::warmUp);
    }
    if (config.ingress().enabled()) {
      this.ingressTraffic = new IngressTraffic();
      this.routeSource =
          new RouteSource(
              xdsChannels.get(),
              config.ingress().nodeId(),
              config.backoff()::delay,
              scheduler,
              router -> {});
      try {
        this.ingress =
            IngressServer.start(
                config.ingress(),
                config.bindHost(),
                keystore,
                boss,
                workers,
                transport.serverChannel(),
                () -> new FrontendHandler(runtime),
                routeSource::router,
                ingressTraffic,
                config.retryAfterSeconds());
      } catch (Exception e) {
        routeSource.close();
        stopParts();
        throw e;
      }
      routeSource.start();
    } else {
      this.ingressTraffic = null;
      this.routeSource = null;
      this.ingress = null;
    }
  }

  /** The HTTP (redirecting) ingress port; -1 when the ingress is off. */
  public int ingressHttpPort() {
    return ingress == null ? -1 : ingress.httpPort();
  }

  /** The HTTPS ingress port; -1 when the ingress is off. */
  public int ingressHttpsPort() {
    return ingress == null ? -1 : ingress.httpsPort();
  }

  /** Per-revision traffic through the ingress, when it is on. */
  public Optional<IngressTraffic> ingressTraffic() {
    return Optional.ofNullable(ingressTraffic);
  }

  /** Starts every part; the proxy answers 503 until the first cluster list arrives. */
  public static Activator start(ActivatorConfig config) throws Exception {
    ChannelCredentials credentials = xdsCredentials(config.xdsTls());
    return new Activator(config, null, () -> tcpChannel(config, credentials));
  }

  private static ManagedChannel tcpChannel(ActivatorConfig config, ChannelCredentials credentials) {
    return Grpc.newChannelBuilderForAddress(config.xdsHost(), config.xdsPort(), credentials)
        .build();
  }

  /**
   * Plain text, or mutual TLS from the PEM files of {@code tls}: read once, at start, so that a
   * missing or unreadable file stops the activator with its name instead of failing every stream.
   */
  public static ChannelCredentials xdsCredentials(ActivatorConfig.XdsTls tls) {
    if (tls == null) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    try {
      b.keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "xds-tls-cert = "
              + tls.certificateChain()
              + ", xds-tls-key = "
              + tls.privateKey()
              + ": cannot read a PEM certificate chain and PKCS#8 private key: "
              + e.getMessage(),
          e);
    }
    try {
      b.trustManager(tls.ca().toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "xds-tls-ca = " + tls.ca() + ": cannot read PEM CA certificates: " + e.getMessage(), e);
    }
    return b.build();
  }

  /**
   * Starts every part, poking {@code scaler} directly instead of the scaler's HTTP endpoint at
   * {@code config.scalerUrl()}: for a scaler in the same process.
   */
  public static Activator start(ActivatorConfig config, ScalerPoker.Target scaler)
      throws Exception {
    ChannelCredentials credentials = xdsCredentials(config.xdsTls());
    return new Activator(
        config,
        java.util.Objects.requireNonNull(scaler, "scaler"),
        () -> tcpChannel(config, credentials));
  }

  /**
   * Starts every part, poking {@code scaler} directly and reaching xds-server over the channels
   * {@code xdsChannels} makes (one per stream) instead of TCP to {@code
   * config.xdsHost():xdsPort()}: for a scaler and an xds-server in the same process.
   */
  public static Activator start(
      ActivatorConfig config, ScalerPoker.Target scaler, Supplier<ManagedChannel> xdsChannels)
      throws Exception {
    return new Activator(
        config,
        java.util.Objects.requireNonNull(scaler, "scaler"),
        java.util.Objects.requireNonNull(xdsChannels, "xdsChannels"));
  }

  public int proxyPort() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public int adminPort() {
    return admin.port();
  }

  public EndpointRegistry registry() {
    return registry;
  }

  public ActivatorMetrics metrics() {
    return metrics;
  }

  /**
   * Ready once the release path is warmed up and the revisions are known over xDS, and until
   * draining starts.
   */
  public boolean isReady() {
    return ready && warmedUp && registry.isSynced();
  }

  /**
   * Waits until the start-up warm-up is over (done, failed or stopped); false when {@code timeout}
   * passed first.
   */
  public boolean awaitWarmup(Duration timeout) throws InterruptedException {
    return warmupThread == null || warmupThread.join(timeout);
  }

  /** The warm-up cold starts run so far (all of them once it is done). */
  public int warmupRounds() {
    return warmupRounds;
  }

  private void warmUp() {
    ReleaseWarmup.Result r = warmup.run(config.warmupReleases(), n -> warmupRounds = n);
    warmup.close();
    LOG.info(
        "release path warmed up: {} cold starts on loopback in {} ms",
        r.rounds(),
        r.took().toMillis());
    warmedUp = true;
  }

  /** Requests held or in flight. */
  public int inFlight() {
    return runtime.inFlight();
  }

  /**
   * Graceful stop: readiness turns false, new connections are refused, held and in-flight requests
   * get up to {@code timeout} to finish. Returns true when they all did.
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    ready = false;
    runtime.startDraining();
    server.close().sync();
    if (ingress != null) {
      ingress.close();
    }
    long end = System.nanoTime() + timeout.toNanos();
    while (runtime.inFlight() > 0 && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return runtime.inFlight() == 0;
  }

  @Override
  public void close() {
    ready = false;
    server.close().syncUninterruptibly();
    if (ingress != null) {
      ingress.close();
      routeSource.close();
    }
    stopParts();
  }

  private void stopParts() {
    if (warmup != null) {
      // Before the event loops go: the warm-up's connections close on them.
      warmup.close();
      if (warmupThread != null) {
        try {
          warmupThread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    server.close().syncUninterruptibly();
    xds.close();
    admin.close();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    scheduler.shutdownNow();
  }

  public ActivatorConfig config() {
    return config;
  }
}
