package net.evroclabs.run.scaler;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.scaler.decision.Autoscaler;
import net.evroclabs.run.scaler.http.ScalerHttpServer;
import net.evroclabs.run.scaler.kube.AutoscalingMapper;
import net.evroclabs.run.scaler.kube.Fabric8Workloads;
import net.evroclabs.run.scaler.kube.LeaderElection;
import net.evroclabs.run.scaler.loop.ScalerLoop;
import net.evroclabs.run.scaler.loop.ScalerMetrics;
import net.evroclabs.run.scaler.loop.ScalerRunner;
import net.evroclabs.run.scaler.metrics.PrometheusClient;
import net.evroclabs.run.scaler.metrics.PrometheusObserver;

/** The assembled scaler process: wiring only. */
public final class ScalerProcess implements AutoCloseable {

  private final Fabric8Workloads workloads;
  private final ScalerRunner runner;
  private final ScalerHttpServer http;
  private final LeaderElection election;

  private ScalerProcess(
      Fabric8Workloads workloads,
      ScalerRunner runner,
      ScalerHttpServer http,
      LeaderElection election) {
    this.workloads = workloads;
    this.runner = runner;
    this.http = http;
    this.election = election;
  }

  public static ScalerProcess start(
      ScalerConfig config, PlatformConfig platform, KubernetesClient client, Clock clock)
      throws IOException {
    ScalerMetrics metrics = new ScalerMetrics();
    Fabric8Workloads workloads = Fabric8Workloads.start(client, new AutoscalingMapper(platform));
    PrometheusObserver observer =
        new PrometheusObserver(
            new PrometheusClient(config.prometheus(), config.queryTimeout()),
            config.tuning().stableWindow(),
            config.tuning().panicWindow());
    ScalerLoop loop = new ScalerLoop(new Autoscaler(config.tuning()), workloads, observer, metrics);
    ScalerRunner runner = new ScalerRunner(loop, metrics, clock, config.tick());
    ScalerHttpServer http =
        new ScalerHttpServer(
            new InetSocketAddress(config.address(), config.port()),
            runner::poke,
            metrics.registry());
    LeaderElection election =
        LeaderElection.start(
            client,
            config.leaseNamespace(),
            config.leaseName(),
            config.identity(),
            runner::lead,
            runner::follow);
    return new ScalerProcess(workloads, runner, http, election);
  }

  public int port() {
    return http.port();
  }

  public boolean leading() {
    return runner.leading();
  }

  @Override
  public void close() {
    election.close();
    http.close();
    runner.close();
    workloads.close();
  }
}
