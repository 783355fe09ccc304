package net.evroclabs.run.activator.ingress;

import java.nio.file.Path;

/**
 * Settings of the local ingress mode.
 *
 * @param enabled whether the activator also serves as HTTPS ingress
 * @param httpPort port answering every request with a redirect to HTTPS (0 = any)
 * @param httpsPort the HTTPS ingress port (0 = any)
 * @param certDir directory of the self-signed keystore {@code ingress.p12}
 * @param domain the base domain of the certificate ({@code *.<domain>})
 * @param nodeId xDS node id of the route stream (node cluster {@code gateway})
 */
public record IngressConfig(
    boolean enabled, int httpPort, int httpsPort, Path certDir, String domain, String nodeId) {

  public IngressConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException(
          "ingressHttpPort = " + httpPort + ", must be 0..65535 (0 = any)");
    }
    if (httpsPort < 0 || httpsPort > 65535) {
      throw new IllegalArgumentException(
          "ingressHttpsPort = " + httpsPort + ", must be 0..65535 (0 = any)");
    }
    if (certDir == null) {
      throw new IllegalArgumentException("ingressCertDir = null");
    }
    if (domain == null || domain.isBlank() || domain.contains("*")) {
      throw new IllegalArgumentException(
          "ingressDomain = '" + domain + "', must be a domain name without wildcard");
    }
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("ingressNodeId = '" + nodeId + "', must not be blank");
    }
  }

  /**
   * Disabled, on 8080/8443, certificate in {@code ~/.evroc-run/tls}, domain {@code run.localhost}.
   */
  public static IngressConfig defaults() {
    return new IngressConfig(
        false,
        8080,
        8443,
        Path.of(System.getProperty("user.home"), ".evroc-run", "tls"),
        "run.localhost",
        "local-ingress");
  }

  /** A copy on any free ports. */
  public IngressConfig onAnyPorts() {
    return new IngressConfig(enabled, 0, 0, certDir, domain, nodeId);
  }
}
