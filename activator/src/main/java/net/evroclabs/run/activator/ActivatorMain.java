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
    Activator activator;
    try {
      activator = Activator.start(config);
    } catch (IllegalArgumentException e) {
      // The xDS TLS files are read at start; an unreadable one is a configuration error too.
      System.err.println("activator: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info(
        "activator listening on {}:{} (admin {}), xds-server {}:{} ({}), scaler {}",
        config.bindHost(),
        activator.proxyPort(),
        activator.adminPort(),
        config.xdsHost(),
        config.xdsPort(),
        config.xdsTls() == null ? "plain text" : "mutual TLS",
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
