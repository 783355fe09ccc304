package net.evroclabs.run.xds.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the ADS server listens.
 *
 * @param address the address to bind, e.g. {@code 0.0.0.0}
 * @param port the port, 18000 by default; 0 picks a free one
 * @param keepAliveTime how often the server pings an idle connection
 * @param keepAliveTimeout how long a ping may go unanswered before the connection is closed
 * @param maxInboundMessageBytes the largest request accepted (NACK details can be long)
 * @param tls server certificate and client CA for mutual TLS, or null for plain text
 * @param inProcessName when not null, the same streams are also served in-process under this name
 *     ({@code InProcessChannelBuilder.forName}), for clients in the same JVM
 */
public record XdsServerSettings(
    String address,
    int port,
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    int maxInboundMessageBytes,
    Tls tls,
    String inProcessName) {

  /**
   * Mutual TLS from PEM files (mounted from a Secret): only clients with a certificate signed by
   * {@code clientCa} may connect.
   */
  public record Tls(Path certificateChain, Path privateKey, Path clientCa) {
    public Tls {
      Objects.requireNonNull(certificateChain, "xDS TLS certificate chain file must be set");
      Objects.requireNonNull(privateKey, "xDS TLS private key file must be set");
      Objects.requireNonNull(clientCa, "xDS TLS client CA file must be set");
    }
  }

  public XdsServerSettings {
    Objects.requireNonNull(address, "address must be set");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("xDS port = " + port + ", must be 0..65535");
    }
    if (keepAliveTime.isNegative() || keepAliveTime.isZero()) {
      throw new IllegalArgumentException("keepAliveTime = " + keepAliveTime + ", must be > 0");
    }
    if (keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
      throw new IllegalArgumentException(
          "keepAliveTimeout = " + keepAliveTimeout + ", must be > 0");
    }
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "maxInboundMessageBytes = " + maxInboundMessageBytes + ", must be >= 1024");
    }
  }

  /** Port 18000 on all interfaces, plain text, 30 s keepalive, 64 MiB requests. */
  public static XdsServerSettings defaults() {
    return new XdsServerSettings(
        "0.0.0.0", 18000, Duration.ofSeconds(30), Duration.ofSeconds(10), 64 << 20, null, null);
  }

  public XdsServerSettings withListenAddress(String newAddress, int newPort) {
    return new XdsServerSettings(
        newAddress,
        newPort,
        keepAliveTime,
        keepAliveTimeout,
        maxInboundMessageBytes,
        tls,
        inProcessName);
  }

  public XdsServerSettings withTls(Tls newTls) {
    return new XdsServerSettings(
        address,
        port,
        keepAliveTime,
        keepAliveTimeout,
        maxInboundMessageBytes,
        newTls,
        inProcessName);
  }

  /** Also serves the streams in-process under {@code name}. */
  public XdsServerSettings withInProcessName(String name) {
    return new XdsServerSettings(
        address, port, keepAliveTime, keepAliveTimeout, maxInboundMessageBytes, tls, name);
  }
}
