package net.evroclabs.run.xds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.xds.server.XdsServerSettings;

/**
 * The xds-server process's settings, from environment variables.
 *
 * @param xds the ADS server
 * @param adminAddress address of the admin port
 * @param adminPort {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /debug/xds}
 * @param debounce the shortest time between two pipeline builds: a change after a quiet spell is
 *     built at once, the changes of a burst within this window of a build are built together
 * @param systemNamespace namespace of {@code run-config} and the activator
 * @param configMapName the platform ConfigMap
 * @param activatorSelector label {@code key=value} of the activator pods
 * @param activatorPort the activator's proxy port
 */
public record XdsServerConfig(
    XdsServerSettings xds,
    String adminAddress,
    int adminPort,
    Duration debounce,
    String systemNamespace,
    String configMapName,
    String activatorSelector,
    int activatorPort) {

  public XdsServerConfig {
    if (adminPort < 0 || adminPort > 65535) {
      throw new IllegalArgumentException("XDS_ADMIN_PORT = " + adminPort + ", must be 0..65535");
    }
    if (debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "XDS_DEBOUNCE_MS = " + debounce.toMillis() + ", must be 0..1000");
    }
    if (!activatorSelector.matches("[^=]+=[^=]+")) {
      throw new IllegalArgumentException(
          "ACTIVATOR_SELECTOR = '" + activatorSelector + "', must be key=value");
    }
    if (activatorPort < 1 || activatorPort > 65535) {
      throw new IllegalArgumentException(
          "ACTIVATOR_PORT = " + activatorPort + ", must be 1..65535");
    }
  }

  public static XdsServerConfig defaults() {
    return new XdsServerConfig(
        XdsServerSettings.defaults(),
        "0.0.0.0",
        9091,
        Duration.ofMillis(10),
        "run-system",
        "run-config",
        "app.kubernetes.io/name=activator",
        8012);
  }

  /** Reads the environment; unset variables keep their defaults, bad values are all listed. */
  public static XdsServerConfig fromEnv(Map<String, String> env) {
    XdsServerConfig d = defaults();
    List<String> errors = new ArrayList<>();
    int xdsPort = integer(env, "XDS_PORT", d.xds().port(), errors);
    int adminPort = integer(env, "XDS_ADMIN_PORT", d.adminPort(), errors);
    int debounceMs = integer(env, "XDS_DEBOUNCE_MS", (int) d.debounce().toMillis(), errors);
    int activatorPort = integer(env, "ACTIVATOR_PORT", d.activatorPort(), errors);
    String cert = env.get("XDS_TLS_CERT");
    String key = env.get("XDS_TLS_KEY");
    String ca = env.get("XDS_TLS_CLIENT_CA");
    XdsServerSettings.Tls tls = null;
    if (cert != null || key != null || ca != null) {
      if (cert == null || key == null || ca == null) {
        errors.add("XDS_TLS_CERT, XDS_TLS_KEY and XDS_TLS_CLIENT_CA must be set together");
      } else {
        tls = new XdsServerSettings.Tls(Path.of(cert), Path.of(key), Path.of(ca));
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("xds-server config: " + String.join("; ", errors));
    }
    return new XdsServerConfig(
        d.xds().withListenAddress(env.getOrDefault("XDS_ADDRESS", "0.0.0.0"), xdsPort).withTls(tls),
        env.getOrDefault("XDS_ADMIN_ADDRESS", d.adminAddress()),
        adminPort,
        Duration.ofMillis(debounceMs),
        env.getOrDefault("SYSTEM_NAMESPACE", d.systemNamespace()),
        env.getOrDefault("RUN_CONFIG_NAME", d.configMapName()),
        env.getOrDefault("ACTIVATOR_SELECTOR", d.activatorSelector()),
        activatorPort);
  }

  private static int integer(
      Map<String, String> env, String key, int fallback, List<String> errors) {
    String v = env.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      errors.add(key + " = '" + v + "', must be a whole number");
      return fallback;
    }
  }
}
