package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.controller.Controller;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.RouteAcknowledgements;
import net.evroclabs.run.networkpolicy.TenantSources;

/**
 * The controller on Kubernetes: informers, the API-backed ports and a Lease election around a
 * {@link Controller}. What xds-server starts.
 */
public final class KubeController implements AutoCloseable {

  private final KubeInformers informers;
  private final Controller controller;

  private KubeController(KubeInformers informers, Controller controller) {
    this.informers = informers;
    this.controller = controller;
  }

  /**
   * Starts watching, waits for the caches to fill, then campaigns for the lead; metrics go to a
   * registry of their own.
   */
  public static KubeController start(
      KubernetesClient client,
      PlatformConfig config,
      RouteAcknowledgements routes,
      ControllerOptions options,
      Clock clock) {
    return start(client, config, routes, options, clock, new PrometheusRegistry());
  }

  /**
   * Starts watching, waits for the caches to fill, then campaigns for the lead; metrics ({@code
   * run_controller_*}) go to {@code registry}, e.g. the one the process exposes on {@code
   * /metrics}.
   */
  public static KubeController start(
      KubernetesClient client,
      PlatformConfig config,
      RouteAcknowledgements routes,
      ControllerOptions options,
      Clock clock,
      PrometheusRegistry registry) {
    KubeInformers informers = KubeInformers.start(client);
    Controller controller =
        Controller.start(
            new KubeServiceStore(client, informers),
            new KubeWorkloads(client, informers, config),
            new KubeEventRecorder(client, clock),
            informers,
            new LeaseLeaderElection(client, options),
            routes,
            new KubeNetworkPolicyStore(client),
            TenantSources.defaults(),
            config,
            options,
            clock,
            registry);
    return new KubeController(informers, controller);
  }

  public Controller controller() {
    return controller;
  }

  @Override
  public void close() {
    controller.close();
    informers.close();
  }
}
