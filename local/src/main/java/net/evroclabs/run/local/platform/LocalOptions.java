package net.evroclabs.run.local.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.evroclabs.run.scaler.decision.Tuning;

/**
 * How local mode runs.
 *
 * @param services the directory of Service YAML files
 * @param stateDir where logs, the certificate and {@code status.json} are kept
 * @param httpPort the ingress' plain HTTP port (redirects), 0 for any free port
 * @param httpsPort the ingress' HTTPS port, 0 for any free port
 * @param prometheus a Prometheus to read metrics from instead of the ingress, or null
 * @param terminationGrace how long a stopped instance gets between SIGTERM and SIGKILL
 * @param scalerTick how often the autoscaler decides
 * @param tuning the autoscaler's windows (shorter ones make tests and demos quicker)
 * @param environment the platform's environment: {@code ENVOY_BIN} or {@code envoy} on {@code PATH}
 *     makes Envoy the data plane
 */
public record LocalOptions(
    Path services,
    Path stateDir,
    int httpPort,
    int httpsPort,
    URI prometheus,
    Duration terminationGrace,
    Duration scalerTick,
    Tuning tuning,
    Map<String, String> environment) {

  public LocalOptions {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port = " + httpPort + ", must be 0..65535");
    }
    if (httpsPort < 0 || httpsPort > 65535) {
      throw new IllegalArgumentException("--https-port = " + httpsPort + ", must be 0..65535");
    }
  }

  /** The defaults for {@code services}: ports 8080 and 8443, state in {@code .run}. */
  public static LocalOptions defaults(Path services) {
    return new LocalOptions(
        services,
        Path.of(".run"),
        8080,
        8443,
        null,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Tuning.defaults(),
        System.getenv());
  }

  public LocalOptions withPorts(int http, int https) {
    return new LocalOptions(
        services,
        stateDir,
        http,
        https,
        prometheus,
        terminationGrace,
        scalerTick,
        tuning,
        environment);
  }

  public LocalOptions withStateDir(Path dir) {
    return new LocalOptions(
        services,
        dir,
        httpPort,
        httpsPort,
        prometheus,
        terminationGrace,
        scalerTick,
        tuning,
        environment);
  }

  public LocalOptions withPrometheus(URI url) {
    return new LocalOptions(
        services,
        stateDir,
        httpPort,
        httpsPort,
        url,
        terminationGrace,
        scalerTick,
        tuning,
        environment);
  }

  public LocalOptions withTuning(Tuning newTuning) {
    return new LocalOptions(
        services,
        stateDir,
        httpPort,
        httpsPort,
        prometheus,
        terminationGrace,
        scalerTick,
        newTuning,
        environment);
  }

  public LocalOptions withEnvironment(Map<String, String> env) {
    return new LocalOptions(
        services,
        stateDir,
        httpPort,
        httpsPort,
        prometheus,
        terminationGrace,
        scalerTick,
        tuning,
        env);
  }

  public LocalOptions withTimings(Duration grace, Duration tick) {
    return new LocalOptions(
        services, stateDir, httpPort, httpsPort, prometheus, grace, tick, tuning, environment);
  }
}
