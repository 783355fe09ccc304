package net.evroclabs.run.envoy.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.evroclabs.run.networkpolicy.Cidr;

/**
 * Platform-wide settings of the gateway's listeners.
 *
 * @param httpsPort the HTTPS listener's port (8443)
 * @param httpPort the port that only redirects to HTTPS (8080)
 * @param tlsSecretName SDS name of the wildcard certificate
 * @param trustedHops proxies in front of the gateway whose {@code x-forwarded-for} is trusted
 * @param workloadCidrs pod address ranges of workloads; requests from them are refused
 * @param connectTimeout upstream connect timeout
 * @param requestHeadersTimeout time a client has to send all request headers
 * @param streamIdleTimeout time a stream may stay without activity (slow-client protection)
 * @param connectionIdleTimeout time a downstream connection may stay without streams
 * @param maxRequestHeadersKb request header size limit, 1..8192 KiB
 * @param hstsMaxAge {@code max-age} of the {@code strict-transport-security} response header
 */
public record GatewaySettings(
    int httpsPort,
    int httpPort,
    String tlsSecretName,
    int trustedHops,
    List<Cidr> workloadCidrs,
    Duration connectTimeout,
    Duration requestHeadersTimeout,
    Duration streamIdleTimeout,
    Duration connectionIdleTimeout,
    int maxRequestHeadersKb,
    Duration hstsMaxAge) {

  public GatewaySettings {
    Checks.range("httpsPort", httpsPort, 1, 65535);
    Checks.range("httpPort", httpPort, 1, 65535);
    if (httpsPort == httpPort) {
      throw new IllegalArgumentException(
          "httpPort = " + httpPort + ", must differ from httpsPort = " + httpsPort);
    }
    Objects.requireNonNull(tlsSecretName, "tlsSecretName must be set");
    if (tlsSecretName.isBlank()) {
      throw new IllegalArgumentException("tlsSecretName = '', must name the wildcard certificate");
    }
    Checks.range("trustedHops", trustedHops, 0, 10);
    workloadCidrs = Checks.list("workloadCidrs", workloadCidrs);
    positive("connectTimeout", connectTimeout);
    positive("requestHeadersTimeout", requestHeadersTimeout);
    positive("streamIdleTimeout", streamIdleTimeout);
    positive("connectionIdleTimeout", connectionIdleTimeout);
    Checks.range("maxRequestHeadersKb", maxRequestHeadersKb, 1, 8192);
    positive("hstsMaxAge", hstsMaxAge);
  }

  /** The shipped defaults. */
  public static GatewaySettings defaults() {
    return new GatewaySettings(
        8443,
        8080,
        "run-wildcard-tls",
        0,
        List.of(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(300),
        60,
        Duration.ofDays(365));
  }

  public GatewaySettings withWorkloadCidrs(List<Cidr> cidrs) {
    return new GatewaySettings(
        httpsPort,
        httpPort,
        tlsSecretName,
        trustedHops,
        cidrs,
        connectTimeout,
        requestHeadersTimeout,
        streamIdleTimeout,
        connectionIdleTimeout,
        maxRequestHeadersKb,
        hstsMaxAge);
  }

  public GatewaySettings withTlsSecretName(String name) {
    return new GatewaySettings(
        httpsPort,
        httpPort,
        name,
        trustedHops,
        workloadCidrs,
        connectTimeout,
        requestHeadersTimeout,
        streamIdleTimeout,
        connectionIdleTimeout,
        maxRequestHeadersKb,
        hstsMaxAge);
  }

  public GatewaySettings withTrustedHops(int hops) {
    return new GatewaySettings(
        httpsPort,
        httpPort,
        tlsSecretName,
        hops,
        workloadCidrs,
        connectTimeout,
        requestHeadersTimeout,
        streamIdleTimeout,
        connectionIdleTimeout,
        maxRequestHeadersKb,
        hstsMaxAge);
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field + " must be set");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " = " + value + ", must be > 0s");
    }
  }
}
