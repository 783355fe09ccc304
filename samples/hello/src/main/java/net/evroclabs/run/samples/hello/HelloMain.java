package net.evroclabs.run.samples.hello;

import java.io.IOException;
import java.time.Duration;

/**
 * Process entry point: parse the environment, start the server, drain on SIGTERM.
 *
 * <p>Exit codes: 0 after a shutdown signal (in-flight requests get up to {@link #GRACE}), 1 when
 * the address cannot be bound, 2 when the environment is invalid.
 */
public final class HelloMain {

  static final Duration GRACE = Duration.ofSeconds(10);

  private HelloMain() {}

  public static void main(String[] args) {
    HelloConfig config;
    try {
      config = HelloConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException invalid) {
      System.err.println("hello: refusing to start: " + invalid.getMessage());
      System.exit(2);
      return;
    }
    HelloServer server;
    try {
      server = HelloServer.start(config, new ThreadWork());
    } catch (IOException bindFailure) {
      System.err.printf(
          "hello: cannot listen on %s:%d: %s%n",
          config.bindAddress(), config.port(), bindFailure.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> drainAndExit(server)));
    System.out.printf(
        "hello: listening on %s:%d as %s/%s%n",
        config.bindAddress(),
        server.address().getPort(),
        config.greeting().service(),
        config.greeting().revision());
  }

  /**
   * Runs as the shutdown hook. The JVM would report a signal-initiated shutdown as 128+signal (143
   * for SIGTERM); a drained server is a clean exit, so the hook ends the process with 0.
   */
  private static void drainAndExit(HelloServer server) {
    System.out.printf(
        "hello: shutting down; finishing %d in-flight request(s), waiting up to %d s%n",
        server.load().inFlight(), GRACE.toSeconds());
    try {
      if (server.drain(GRACE)) {
        System.out.println("hello: drained, exiting");
      } else {
        System.out.printf(
            "hello: %d request(s) still in flight after %d s, exiting%n",
            server.load().inFlight(), GRACE.toSeconds());
      }
    } catch (InterruptedException interrupted) {
      System.out.println("hello: interrupted while draining, exiting");
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
