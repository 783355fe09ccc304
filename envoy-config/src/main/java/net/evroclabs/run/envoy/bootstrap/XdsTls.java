package net.evroclabs.run.envoy.bootstrap;

import java.util.Objects;

/**
 * Files (mounted from a Secret) with which the gateway authenticates to xds-server and checks it.
 *
 * @param certificateChainFile the gateway's client certificate chain (PEM)
 * @param privateKeyFile its private key (PEM)
 * @param trustedCaFile the CA that signed xds-server's certificate (PEM)
 */
public record XdsTls(String certificateChainFile, String privateKeyFile, String trustedCaFile) {

  public XdsTls {
    nonBlank("xds certificateChainFile", certificateChainFile);
    nonBlank("xds privateKeyFile", privateKeyFile);
    nonBlank("xds trustedCaFile", trustedCaFile);
  }

  private static void nonBlank(String field, String value) {
    Objects.requireNonNull(value, field + " must be set");
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " = '', must be a file path");
    }
  }
}
