package net.evroclabs.run.activator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.evroclabs.run.activator.ingress.IngressConfig;

/**
 * Configuration of the activator process. Every key can be set as an environment variable ({@code
 * RUN_ACTIVATOR_PROXY_PORT}) or a flag ({@code --proxy-port=8012}); flags win.
 *
 * @param bindHost address both servers listen on
 * @param proxyPort the proxy port the gateway sends cold traffic to
 * @param adminPort {@code /healthz}, {@code /readyz}, {@code /metrics}
 * @param xdsHost xds-server host
 * @param xdsPort xds-server port
 * @param nodeId xDS node id (node cluster is always {@code activator})
 * @param scalerUrl base URL of the scaler, poked at {@code /v1/poke}
 * @param queueLimit held requests per revision before 503
 * @param replayPrefixBytes request body bytes buffered before a pod is connected
 * @param pokeInterval how often a revision with held requests is poked again
 * @param backoff retry backoff for the scaler, xDS and refused connections
 * @param connectTimeout upstream connect timeout
 * @param retryAfterSeconds value of Retry-After on 503
 * @param drainTimeout how long SIGTERM waits for held and in-flight requests
 * @param maxIdlePerPod idle keep-alive connections kept per pod and event loop
 * @param ioThreads event loop threads (0 = 2 x cores)
 * @param removedRevisionGrace how long a revision gone from the cluster list is still served
 * @param unknownRevisionWait how long a request for a revision not known yet waits for it before
 *     404 (0 = answer at once)
 * @param warmupReleases cold starts run on loopback at start, before readiness, so that the JIT has
 *     compiled the release path before the first real one (0 = none)
 * @param ingress local ingress mode (off by default)
 * @param xdsTls client certificate and CA for mutual TLS to xds-server, or null for plain text
 */
public record ActivatorConfig(
    String bindHost,
    int proxyPort,
    int adminPort,
    String xdsHost,
    int xdsPort,
    String nodeId,
    URI scalerUrl,
    int queueLimit,
    int replayPrefixBytes,
    Duration pokeInterval,
    Backoff backoff,
    Duration connectTimeout,
    int retryAfterSeconds,
    Duration drainTimeout,
    int maxIdlePerPod,
    int ioThreads,
    Duration removedRevisionGrace,
    Duration unknownRevisionWait,
    int warmupReleases,
    IngressConfig ingress,
    XdsTls xdsTls) {

  /**
   * PEM files for mutual TLS to xds-server, as in a Kubernetes TLS Secret: the activator's
   * certificate chain and private key (PKCS#8), and the CA that signed xds-server's certificate.
   * xds-server's certificate must name the host the activator dials ({@code xds-host}).
   */
  public record XdsTls(Path certificateChain, Path privateKey, Path ca) {
    public XdsTls {
      if (certificateChain == null || privateKey == null || ca == null) {
        throw new IllegalArgumentException(
            "xds-tls-cert, xds-tls-key and xds-tls-ca must be set together");
      }
    }
  }

  /** Warm-up cold starts by default: enough for the JIT to compile the release path. */
  public static final int DEFAULT_WARMUP_RELEASES = 2000;

  public ActivatorConfig {
    requireText("bindHost", bindHost);
    requirePort("proxyPort", proxyPort);
    requirePort("adminPort", adminPort);
    requireText("xdsHost", xdsHost);
    requirePort("xdsPort", xdsPort);
    requireText("nodeId", nodeId);
    if (scalerUrl == null
        || !("http".equals(scalerUrl.getScheme()) || "https".equals(scalerUrl.getScheme()))
        || scalerUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "scalerUrl = " + scalerUrl + ", must be an http(s) URL with a host");
    }
    requireAtLeast("queueLimit", queueLimit, 1);
    requireAtLeast("replayPrefixBytes", replayPrefixBytes, 0);
    requirePositive("pokeInterval", pokeInterval);
    if (backoff == null) {
      throw new IllegalArgumentException("backoff = null");
    }
    requirePositive("connectTimeout", connectTimeout);
    requireAtLeast("retryAfterSeconds", retryAfterSeconds, 1);
    if (drainTimeout == null || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout = " + drainTimeout + ", must be >= 0s");
    }
    requireAtLeast("maxIdlePerPod", maxIdlePerPod, 0);
    requireAtLeast("ioThreads", ioThreads, 0);
    if (removedRevisionGrace == null || removedRevisionGrace.isNegative()) {
      throw new IllegalArgumentException(
          "removedRevisionGrace = " + removedRevisionGrace + ", must be >= 0s");
    }
    if (unknownRevisionWait == null || unknownRevisionWait.isNegative()) {
      throw new IllegalArgumentException(
          "unknownRevisionWait = " + unknownRevisionWait + ", must be >= 0s");
    }
    requireAtLeast("warmupReleases", warmupReleases, 0);
    if (ingress == null) {
      throw new IllegalArgumentException("ingress = null");
    }
  }

  /** The production defaults. */
  public static ActivatorConfig defaults() {
    return new ActivatorConfig(
        "0.0.0.0",
        8012,
        9090,
        "127.0.0.1",
        18000,
        "activator",
        URI.create("http://127.0.0.1:8080"),
        10_000,
        64 * 1024,
        Duration.ofSeconds(2),
        new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5)),
        Duration.ofSeconds(2),
        1,
        Duration.ofSeconds(30),
        64,
        0,
        EndpointRegistry.DEFAULT_GRACE,
        Duration.ofSeconds(2),
        DEFAULT_WARMUP_RELEASES,
        IngressConfig.defaults(),
        null);
  }

  /**
   * Reads {@code RUN_ACTIVATOR_*} environment variables, then {@code --key=value} flags, over the
   * defaults. Unknown flags are an error that names them.
   */
  public static ActivatorConfig from(Map<String, String> env, String[] args) {
    Map<String, String> values = new HashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("RUN_ACTIVATOR_")) {
        values.put(
            e.getKey()
                .substring("RUN_ACTIVATOR_".length())
                .toLowerCase(Locale.ROOT)
                .replace('_', '-'),
            e.getValue());
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("argument '" + arg + "', must be --key=value");
      }
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return fromKeys(values);
  }

  private static ActivatorConfig fromKeys(Map<String, String> v) {
    ActivatorConfig d = defaults();
    Map<String, String> left = new HashMap<>(v);
    ActivatorConfig c =
        new ActivatorConfig(
            str(left, "bind-host", d.bindHost()),
            integer(left, "proxy-port", d.proxyPort()),
            integer(left, "admin-port", d.adminPort()),
            str(left, "xds-host", d.xdsHost()),
            integer(left, "xds-port", d.xdsPort()),
            str(left, "node-id", d.nodeId()),
            URI.create(str(left, "scaler-url", d.scalerUrl().toString())),
            integer(left, "queue-limit", d.queueLimit()),
            integer(left, "replay-prefix-bytes", d.replayPrefixBytes()),
            duration(left, "poke-interval", d.pokeInterval()),
            new Backoff(
                duration(left, "backoff-initial", d.backoff().initial()),
                duration(left, "backoff-max", d.backoff().max())),
            duration(left, "connect-timeout", d.connectTimeout()),
            integer(left, "retry-after-seconds", d.retryAfterSeconds()),
            duration(left, "drain-timeout", d.drainTimeout()),
            integer(left, "max-idle-per-pod", d.maxIdlePerPod()),
            integer(left, "io-threads", d.ioThreads()),
            duration(left, "removed-revision-grace", d.removedRevisionGrace()),
            duration(left, "unknown-revision-wait", d.unknownRevisionWait()),
            integer(left, "warmup-releases", d.warmupReleases()),
            new IngressConfig(
                bool(left, "ingress", d.ingress().enabled()),
                integer(left, "ingress-http-port", d.ingress().httpPort()),
                integer(left, "ingress-https-port", d.ingress().httpsPort()),
                Path.of(str(left, "ingress-cert-dir", d.ingress().certDir().toString())),
                str(left, "ingress-domain", d.ingress().domain()),
                str(left, "ingress-node-id", d.ingress().nodeId())),
            xdsTls(left));
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration keys " + left.keySet());
    }
    return c;
  }

  private static XdsTls xdsTls(Map<String, String> v) {
    String cert = v.remove("xds-tls-cert");
    String key = v.remove("xds-tls-key");
    String ca = v.remove("xds-tls-ca");
    if (cert == null && key == null && ca == null) {
      return null;
    }
    List<String> missing = new ArrayList<>();
    if (cert == null || cert.isBlank()) {
      missing.add("xds-tls-cert");
    }
    if (key == null || key.isBlank()) {
      missing.add("xds-tls-key");
    }
    if (ca == null || ca.isBlank()) {
      missing.add("xds-tls-ca");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "xds-tls-cert, xds-tls-key and xds-tls-ca must be set together; missing "
              + String.join(", ", missing));
    }
    return new XdsTls(Path.of(cert.trim()), Path.of(key.trim()), Path.of(ca.trim()));
  }

  /**
   * Parses a duration written as {@code 250ms}, {@code 5s}, {@code 2m} or an ISO-8601 value such as
   * {@code PT5S}.
   */
  static Duration parseDuration(String key, String value) {
    try {
      if (value.startsWith("P") || value.startsWith("p")) {
        return Duration.parse(value);
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " = '" + value + "', must be a duration like 250ms, 5s, 2m or PT5S", e);
    }
    throw new IllegalArgumentException(
        key + " = '" + value + "', must be a duration like 250ms, 5s, 2m or PT5S");
  }

  private static String str(Map<String, String> v, String key, String fallback) {
    String s = v.remove(key);
    return s == null ? fallback : s;
  }

  private static int integer(Map<String, String> v, String key, int fallback) {
    String s = v.remove(key);
    if (s == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + s + "', must be an integer", e);
    }
  }

  private static boolean bool(Map<String, String> v, String key, boolean fallback) {
    String s = v.remove(key);
    if (s == null) {
      return fallback;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " = '" + s + "', must be true or false");
    };
  }

  private static Duration duration(Map<String, String> v, String key, Duration fallback) {
    String s = v.remove(key);
    return s == null ? fallback : parseDuration(key, s.trim());
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " = '" + value + "', must not be blank");
    }
  }

  private static void requirePort(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " = " + port + ", must be 0..65535 (0 = any)");
    }
  }

  private static void requireAtLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " = " + value + ", must be >= " + min);
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " = " + value + ", must be > 0s");
    }
  }

  /** A copy listening on ephemeral loopback ports, for tests and benchmarks. */
  public ActivatorConfig onLoopback(String xdsHost, int xdsPort, URI scalerUrl) {
    return copy(
        "127.0.0.1", 0, 0, xdsHost, xdsPort, scalerUrl, queueLimit, ingress.onAnyPorts(), xdsTls);
  }

  /** A copy with another hold queue limit. */
  public ActivatorConfig withQueueLimit(int limit) {
    return copy(
        bindHost, proxyPort, adminPort, xdsHost, xdsPort, scalerUrl, limit, ingress, xdsTls);
  }

  /** A copy that reaches xds-server over mutual TLS with {@code tls} (null: plain text). */
  public ActivatorConfig withXdsTls(XdsTls tls) {
    return copy(
        bindHost, proxyPort, adminPort, xdsHost, xdsPort, scalerUrl, queueLimit, ingress, tls);
  }

  /** This configuration with the values the copies above change; everything else as it is. */
  private ActivatorConfig copy(
      String bindHost,
      int proxyPort,
      int adminPort,
      String xdsHost,
      int xdsPort,
      URI scalerUrl,
      int queueLimit,
      IngressConfig ingress,
      XdsTls xdsTls) {
    return new ActivatorConfig(
        bindHost,
        proxyPort,
        adminPort,
        xdsHost,
        xdsPort,
        nodeId,
        scalerUrl,
        queueLimit,
        replayPrefixBytes,
        pokeInterval,
        backoff,
        connectTimeout,
        retryAfterSeconds,
        drainTimeout,
        maxIdlePerPod,
        ioThreads,
        removedRevisionGrace,
        unknownRevisionWait,
        warmupReleases,
        ingress,
        xdsTls);
  }
}
