package net.evroclabs.run.activator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Process entry point: configuration from env and flags, start, drain on SIGTERM. */
public final class ActivatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(ActivatorMain.class);

  private ActivatorMain() {}

  public static void main(String[] args) throws Exception {
    ActivatorConfig config;
    try {
      config = ActivatorConfig.from(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("activator: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Activator activator = Activator.start(config);
    LOG.info(
        "activator listening on {}:{} (admin {}), xds-server {}:{}, scaler {}",
        config.bindHost(),
        activator.proxyPort(),
        activator.adminPort(),
        config.xdsHost(),
        config.xdsPort(),
        config.scalerUrl());
    Thread shutdown =
        new Thread(
            () -> {
              try {
                boolean drained = activator.drain(config.drainTimeout());
                LOG.info("drained: {}", drained ? "all requests finished" : "drain timeout hit");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                activator.close();
              }
            },
            "activator-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    Thread.currentThread().join();
  }
}
