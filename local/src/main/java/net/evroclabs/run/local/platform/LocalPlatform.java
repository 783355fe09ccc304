package net.evroclabs.run.local.platform;

import io.grpc.inprocess.InProcessChannelBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import net.evroclabs.run.activator.Activator;
import net.evroclabs.run.activator.ActivatorConfig;
import net.evroclabs.run.activator.ingress.LocalCertificate;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.Controller;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.LeaderElection;
import net.evroclabs.run.controller.MemoryNetworkPolicyStore;
import net.evroclabs.run.controller.MemoryServiceStore;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.local.process.OsProcessLauncher;
import net.evroclabs.run.local.process.ProcessWorkloads;
import net.evroclabs.run.local.process.RestartBackoff;
import net.evroclabs.run.local.store.ServiceDirectory;
import net.evroclabs.run.networkpolicy.TenantSources;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.decision.Tuning;
import net.evroclabs.run.scaler.http.ScalerHttpServer;
import net.evroclabs.run.scaler.kube.AutoscalingMapper;
import net.evroclabs.run.scaler.loop.ScalerLoop;
import net.evroclabs.run.scaler.loop.ScalerMetrics;
import net.evroclabs.run.scaler.loop.ScalerRunner;
import net.evroclabs.run.scaler.metrics.MetricsSource;
import net.evroclabs.run.scaler.metrics.Observations;
import net.evroclabs.run.scaler.metrics.PrometheusClient;
import net.evroclabs.run.scaler.metrics.PrometheusObserver;
import net.evroclabs.run.scaler.metrics.SampledObserver;
import net.evroclabs.run.xds.GatewayRouteAcknowledgements;
import net.evroclabs.run.xds.admin.XdsMetrics;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.pipeline.Change;
import net.evroclabs.run.xds.pipeline.PipelineCore;
import net.evroclabs.run.xds.pipeline.RouteRecords;
import net.evroclabs.run.xds.pipeline.RoutingPipeline;
import net.evroclabs.run.xds.server.XdsGrpcServer;
import net.evroclabs.run.xds.server.XdsServerSettings;

/**
 * The whole platform in one process, with the cluster's code and two backends swapped: Services
 * come from a directory of YAML files and revision instances are local processes. The controller,
 * xds-server's pipeline and ADS server, the activator (here also the HTTPS ingress, routing with
 * the gateway's own route configurations) and the autoscaler run as in a cluster. Wiring only.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("evroc-run");

  private final List<AutoCloseable> parts = new ArrayList<>();
  private final PlatformConfig config;
  private final MemoryServiceStore store;
  private final LocalEvents events;
  private final ProcessWorkloads processes;
  private final LocalWorkloads workloads;
  private final Activator activator;
  private final StatusWriter status;
  private final int httpPort;
  private final int httpsPort;
  private final Path certDir;

  private LocalPlatform(LocalOptions options, Clock clock) throws Exception {
    config = PlatformConfig.defaults();
    Files.createDirectories(options.stateDir());
    store = new MemoryServiceStore();
    events = new LocalEvents();

    // xds-server: the pipeline fed by the local store and instances, and the ADS server.
    int activatorPort = freePort();
    Versions versions = Versions.startingAt(clock.millis());
    XdsCache cache = new XdsCache();
    XdsStreams streams = new XdsStreams();
    RouteRecords routes = new RouteRecords(streams, versions);
    XdsMetrics xdsMetrics = new XdsMetrics();
    RoutingPipeline pipeline =
        keep(
            new RoutingPipeline(
                new PipelineCore(GatewaySettings.defaults(), activatorPort, versions),
                cache,
                routes,
                xdsMetrics,
                Duration.ofMillis(2),
                System::nanoTime));
    // The activator and the ingress in this process reach xds-server in-process; Envoy, when
    // there is one, over TCP.
    String xdsName = "evroc-run-xds-" + java.util.UUID.randomUUID();
    XdsGrpcServer xds =
        keep(
            XdsGrpcServer.start(
                XdsServerSettings.defaults()
                    .withListenAddress("127.0.0.1", 0)
                    .withInProcessName(xdsName),
                cache,
                streams,
                routes,
                xdsMetrics,
                clock,
                System::nanoTime));
    LocalXdsFeed feed = new LocalXdsFeed(pipeline::submit);
    store.addListener(feed);
    pipeline.submit(new Change.ConfigChanged(config));
    pipeline.submit(new Change.ActivatorUpserted("local", "127.0.0.1"));

    // Workloads: processes; the controller and the autoscaler share them.
    OsProcessLauncher launcher = keep(new OsProcessLauncher());
    processes =
        keep(
            new ProcessWorkloads(
                launcher,
                options.stateDir().resolve("logs"),
                clock,
                RestartBackoff.defaults(),
                options.terminationGrace(),
                System.getenv(),
                s -> {
                  feed.instances(s);
                  int slash = s.key().indexOf('/');
                  store.touchRevision(
                      new ResourceKey(s.key().substring(0, slash), s.key().substring(slash + 1)));
                }));
    workloads =
        new LocalWorkloads(processes, store, new AutoscalingMapper(config), events::scaling);
    keep(
        Controller.start(
            store,
            workloads,
            events,
            store,
            LeaderElection.sole(),
            new GatewayRouteAcknowledgements(routes),
            // Kept, not enforced: local processes share the machine's network.
            new MemoryNetworkPolicyStore(),
            TenantSources.defaults(),
            config,
            ControllerOptions.defaults("local", "local"),
            clock,
            new PrometheusRegistry()));

    // The autoscaler, poked by the activator; metrics from the ingress or from Prometheus.
    Tuning tuning = options.tuning();
    ScalerMetrics scalerMetrics = new ScalerMetrics();
    Activator[] ingress = new Activator[1];
    SampledObserver sampled =
        new SampledObserver(
            () -> IngressCounters.read(ingress[0]), tuning.stableWindow(), tuning.panicWindow());
    // With Envoy serving, request metrics come from Prometheus scraping it, or not at all: then
    // the autoscaler holds every revision where it is (missing metrics never read as idle).
    Optional<Path> envoyBin = EnvoyGateway.find(options.environment());
    MetricsSource metrics =
        options.prometheus() == null && envoyBin.isEmpty()
            ? sampled
            : options.prometheus() == null
                ? (percentiles, now) ->
                    new Observations(
                        Map.of(), "Envoy serves and no --prometheus was given: no request metrics")
                : new PrometheusObserver(
                    new PrometheusClient(options.prometheus(), Duration.ofSeconds(5)),
                    tuning.stableWindow(),
                    tuning.panicWindow());
    ScalerRunner runner =
        keep(
            new ScalerRunner(
                new ScalerLoop(new Autoscaler(tuning), workloads, metrics, scalerMetrics),
                scalerMetrics,
                clock,
                options.scalerTick()));
    ScalerHttpServer scaler =
        keep(
            new ScalerHttpServer(
                new InetSocketAddress("127.0.0.1", 0), runner::poke, scalerMetrics.registry()));

    // The data plane: Envoy as the gateway when there is one, else the activator as the ingress.
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--bind-host=127.0.0.1",
                "--proxy-port=" + activatorPort,
                "--admin-port=0",
                "--xds-host=127.0.0.1",
                "--xds-port=" + xds.port(),
                "--scaler-url=http://127.0.0.1:" + scaler.port()));
    certDir = options.stateDir().resolve("tls");
    if (envoyBin.isEmpty()) {
      flags.addAll(
          List.of(
              "--ingress=true",
              "--ingress-http-port=" + options.httpPort(),
              "--ingress-https-port=" + options.httpsPort(),
              "--ingress-cert-dir=" + certDir,
              "--ingress-domain=" + config.domain()));
    }
    // The activator pokes the autoscaler in this process directly; its HTTP endpoint stays up for
    // anything else that pokes.
    activator =
        keep(
            Activator.start(
                ActivatorConfig.from(Map.of(), flags.toArray(String[]::new)),
                key ->
                    runner.poke(new RevisionKey(key.namespace(), key.revision()))
                        ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(
                            new IllegalStateException("the autoscaler has stopped")),
                () -> InProcessChannelBuilder.forName(xdsName).build()));
    ingress[0] = activator;
    if (envoyBin.isPresent()) {
      pipeline.submit(
          new Change.CertificateChanged(
              EnvoyGateway.certificate(certDir, config.domain(), config.tlsSecretName())));
      keep(EnvoyGateway.start(envoyBin.get(), xds.port(), options.stateDir(), launcher));
      LOG.info("data plane: Envoy " + envoyBin.get() + " with the gateway bootstrap");
    }
    GatewaySettings gateway = GatewaySettings.defaults();
    httpPort = envoyBin.isPresent() ? gateway.httpPort() : activator.ingressHttpPort();
    httpsPort = envoyBin.isPresent() ? gateway.httpsPort() : activator.ingressHttpsPort();
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("local-metrics").daemon().factory());
    parts.add(sampler::shutdownNow);
    sampler.scheduleAtFixedRate(() -> sampled.sample(clock.instant()), 0, 1, TimeUnit.SECONDS);
    runner.lead();

    // Services from the directory; the state is complete once it has been read.
    status =
        keep(
            new StatusWriter(
                options.stateDir(), store, processes, events, config, httpPort, httpsPort));
    ServiceDirectory directory =
        keep(
            new ServiceDirectory(
                options.services(),
                config,
                new ServiceDirectory.Listener() {
                  @Override
                  public void upserted(Service service) {
                    store.upsertService(service);
                  }

                  @Override
                  public void deleted(String namespace, String name) {
                    store.deleteService(namespace, name);
                  }

                  @Override
                  public void rejected(Path file, List<String> errors) {
                    LOG.warning(
                        file
                            + " is invalid; its services keep running as they were:\n  "
                            + String.join("\n  ", errors));
                  }
                }));
    directory.start();
    pipeline.submit(new Change.Synced());
    // As a deployed activator is not ready before it: the first cold starts are served warm.
    if (!activator.awaitWarmup(Duration.ofSeconds(60))) {
      LOG.warning("the activator's warm-up did not finish within 60 s; serving all the same");
    }
  }

  /**
   * Starts everything; returns once the service files have been read and the data plane is warm.
   */
  public static LocalPlatform start(LocalOptions options, Clock clock) throws Exception {
    return new LocalPlatform(options, clock);
  }

  public MemoryServiceStore store() {
    return store;
  }

  public LocalEvents events() {
    return events;
  }

  public ProcessWorkloads processes() {
    return processes;
  }

  public LocalWorkloads workloads() {
    return workloads;
  }

  public Activator activator() {
    return activator;
  }

  public PlatformConfig config() {
    return config;
  }

  public StatusWriter status() {
    return status;
  }

  /** The plain HTTP port of the data plane (it redirects to HTTPS). */
  public int httpPort() {
    return httpPort;
  }

  /** The HTTPS port of the data plane. */
  public int httpsPort() {
    return httpsPort;
  }

  private <T extends AutoCloseable> T keep(T part) {
    parts.add(part);
    return part;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Stops everything, the instances last but one (SIGTERM, then SIGKILL after the grace). */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warning("stopping " + parts.get(i).getClass().getSimpleName() + ": " + e);
      }
    }
  }

  /**
   * A client TLS context that trusts exactly this platform's ingress certificate (Envoy serves the
   * same one), for programs on this machine that call the services.
   */
  public SSLContext clientTls() throws java.io.IOException, java.security.GeneralSecurityException {
    return LocalCertificate.trustingContext(certDir.resolve(LocalCertificate.FILE));
  }

  /** The URL of a service's main host on this machine. */
  public String url(String host) {
    int port = httpsPort();
    return "https://" + host + (port == 443 ? "" : ":" + port) + "/";
  }
}
