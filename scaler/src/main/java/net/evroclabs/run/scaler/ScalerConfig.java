package net.evroclabs.run.scaler;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import net.evroclabs.run.api.Durations;
import net.evroclabs.run.scaler.decision.Tuning;

/**
 * The scaler process' settings, read from environment variables.
 *
 * @param address address to bind ({@code SCALER_ADDRESS}, default 0.0.0.0)
 * @param port HTTP port for poke, metrics and health ({@code SCALER_PORT}, default 8080)
 * @param prometheus Prometheus base URL ({@code PROMETHEUS_URL}, default http://prometheus:9090)
 * @param tick decision interval ({@code SCALER_TICK}, default 2s)
 * @param queryTimeout timeout of one Prometheus query ({@code SCALER_QUERY_TIMEOUT}, default 1s)
 * @param tuning windows and thresholds ({@code SCALER_STABLE_WINDOW} 60s, {@code
 *     SCALER_PANIC_WINDOW} 6s, {@code SCALER_SCALE_DOWN_WINDOW} 5m)
 * @param leaseNamespace namespace of the leader-election Lease and of the {@code run-config}
 *     ConfigMap ({@code POD_NAMESPACE}, default run-system)
 * @param leaseName name of the Lease ({@code SCALER_LEASE_NAME}, default run-scaler)
 * @param identity this instance's name in the Lease ({@code POD_NAME}, default scaler)
 */
public record ScalerConfig(
    String address,
    int port,
    URI prometheus,
    Duration tick,
    Duration queryTimeout,
    Tuning tuning,
    String leaseNamespace,
    String leaseName,
    String identity) {

  public ScalerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("SCALER_PORT = " + port + ", must be 0..65535");
    }
    if (tick.isZero() || tick.isNegative()) {
      throw new IllegalArgumentException("SCALER_TICK = " + tick + ", must be > 0s");
    }
    if (queryTimeout.isZero() || queryTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "SCALER_QUERY_TIMEOUT = " + queryTimeout + ", must be > 0s");
    }
    if (prometheus.getScheme() == null || prometheus.getHost() == null) {
      throw new IllegalArgumentException(
          "PROMETHEUS_URL = " + prometheus + ", must be an absolute http(s) URL");
    }
  }

  public static ScalerConfig defaults() {
    return fromEnv(Map.of());
  }

  public static ScalerConfig fromEnv(Map<String, String> env) {
    Tuning d = Tuning.defaults();
    Tuning tuning =
        new Tuning(
            duration(env, "SCALER_STABLE_WINDOW", d.stableWindow()),
            duration(env, "SCALER_PANIC_WINDOW", d.panicWindow()),
            d.panicThreshold(),
            d.panicHold(),
            duration(env, "SCALER_SCALE_DOWN_WINDOW", d.scaleDownWindow()),
            d.maxExtrapolation(),
            d.latencyAim());
    String port = env.getOrDefault("SCALER_PORT", "8080");
    int p;
    try {
      p = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SCALER_PORT = " + port + ", must be a number 0..65535");
    }
    String url = env.getOrDefault("PROMETHEUS_URL", "http://prometheus:9090");
    URI prometheus;
    try {
      prometheus = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PROMETHEUS_URL = " + url + ", must be a URL");
    }
    return new ScalerConfig(
        env.getOrDefault("SCALER_ADDRESS", "0.0.0.0"),
        p,
        prometheus,
        duration(env, "SCALER_TICK", Duration.ofSeconds(2)),
        duration(env, "SCALER_QUERY_TIMEOUT", Duration.ofSeconds(1)),
        tuning,
        env.getOrDefault("POD_NAMESPACE", "run-system"),
        env.getOrDefault("SCALER_LEASE_NAME", "run-scaler"),
        env.getOrDefault("POD_NAME", "scaler"));
  }

  private static Duration duration(Map<String, String> env, String key, Duration fallback) {
    String v = env.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Durations.parse(v.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " = " + v + ", must be a duration like 2s or 5m");
    }
  }
}
