package net.evroclabs.run.xds;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.xds.admin.AdminServer;
import net.evroclabs.run.xds.admin.DebugView;
import net.evroclabs.run.xds.admin.XdsMetrics;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.kube.ClusterWatch;
import net.evroclabs.run.xds.pipeline.PipelineCore;
import net.evroclabs.run.xds.pipeline.RouteRecords;
import net.evroclabs.run.xds.pipeline.RoutingPipeline;
import net.evroclabs.run.xds.server.XdsGrpcServer;

/**
 * The xDS half of the control-plane process, wired: the ADS server and the admin port start at once
 * (nodes wait without config), the informers start next, and the first snapshot is published only
 * after they have synced.
 */
public final class XdsServerProcess implements AutoCloseable {

  private final XdsCache cache;
  private final XdsStreams streams;
  private final RouteRecords routes;
  private final XdsMetrics metrics;
  private final RoutingPipeline pipeline;
  private final XdsGrpcServer grpc;
  private final AdminServer admin;
  private final ClusterWatch watch;

  private XdsServerProcess(
      XdsCache cache,
      XdsStreams streams,
      RouteRecords routes,
      XdsMetrics metrics,
      RoutingPipeline pipeline,
      XdsGrpcServer grpc,
      AdminServer admin,
      ClusterWatch watch) {
    this.cache = cache;
    this.streams = streams;
    this.routes = routes;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.grpc = grpc;
    this.admin = admin;
    this.watch = watch;
  }

  /** Starts serving; returns once the informers have synced (the first build is queued). */
  public static XdsServerProcess start(
      XdsServerConfig config, KubernetesClient client, Clock clock) {
    Versions versions = Versions.startingAt(clock.millis());
    XdsCache cache = new XdsCache();
    XdsStreams streams = new XdsStreams();
    RouteRecords routes = new RouteRecords(streams, versions);
    XdsMetrics metrics = new XdsMetrics();
    RoutingPipeline pipeline =
        new RoutingPipeline(
            new PipelineCore(GatewaySettings.defaults(), config.activatorPort(), versions),
            cache,
            routes,
            metrics,
            config.debounce(),
            System::nanoTime);
    XdsGrpcServer grpc =
        XdsGrpcServer.start(config.xds(), cache, streams, routes, metrics, clock, System::nanoTime);
    AdminServer admin =
        AdminServer.start(
            new InetSocketAddress(config.adminAddress(), config.adminPort()),
            metrics,
            cache::serving,
            () -> DebugView.of(cache, streams));
    ClusterWatch watch =
        new ClusterWatch(
            client, pipeline::submit, config.systemNamespace(), config.configMapName());
    XdsServerProcess process =
        new XdsServerProcess(cache, streams, routes, metrics, pipeline, grpc, admin, watch);
    try {
      watch.start(config.activatorSelector());
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return process;
  }

  public int xdsPort() {
    return grpc.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public XdsCache cache() {
    return cache;
  }

  public XdsStreams streams() {
    return streams;
  }

  /** Route acknowledgement state per service, for the controller's RoutesReady condition. */
  public RouteRecords routes() {
    return routes;
  }

  public XdsMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    watch.close();
    pipeline.close();
    grpc.close();
    admin.close();
  }
}
