package net.evroclabs.run.xds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.PlatformConfigParser;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.kube.KubeController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code xds-server.jar}: the xDS server, its informers and admin port, and the
 * controller in one process; runs until SIGTERM. Wiring only.
 */
public final class XdsServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(XdsServerMain.class);

  private XdsServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    XdsServerConfig config;
    try {
      config = XdsServerConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Clock clock = Clock.systemUTC();
    KubernetesClient client = new KubernetesClientBuilder().build();
    XdsServerProcess xds = XdsServerProcess.start(config, client, clock);
    LOG.info("xds-server serving ADS on port {}, admin on port {}", xds.xdsPort(), xds.adminPort());
    KubeController controller =
        KubeController.start(
            client,
            platformConfig(client, config),
            new GatewayRouteAcknowledgements(xds.routes()),
            ControllerOptions.defaults(
                env.getOrDefault("POD_NAME", "xds-server-" + ProcessHandle.current().pid()),
                config.systemNamespace()),
            clock);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  controller.close();
                  xds.close();
                  client.close();
                  stopped.countDown();
                },
                "xds-server-shutdown"));
    stopped.await();
  }

  private static PlatformConfig platformConfig(KubernetesClient client, XdsServerConfig config) {
    ConfigMap cm =
        client
            .configMaps()
            .inNamespace(config.systemNamespace())
            .withName(config.configMapName())
            .get();
    if (cm == null || cm.getData() == null) {
      LOG.warn(
          "ConfigMap {}/{} not found; the controller uses the default platform config",
          config.systemNamespace(),
          config.configMapName());
      return PlatformConfig.defaults();
    }
    return PlatformConfigParser.parse(cm.getData());
  }
}
