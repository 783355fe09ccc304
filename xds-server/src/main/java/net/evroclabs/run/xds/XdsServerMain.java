package net.evroclabs.run.xds;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code xds-server.jar}: reads the environment, starts, runs until SIGTERM. */
public final class XdsServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(XdsServerMain.class);

  private XdsServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    XdsServerConfig config;
    try {
      config = XdsServerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    XdsServerProcess process = XdsServerProcess.start(config, client, Clock.systemUTC());
    LOG.info(
        "xds-server serving ADS on port {}, admin on port {}",
        process.xdsPort(),
        process.adminPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.close();
                  client.close();
                  stopped.countDown();
                },
                "xds-server-shutdown"));
    stopped.await();
  }
}
