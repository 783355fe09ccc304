package net.evroclabs.run.envoy.model;

import java.util.Objects;

/**
 * A certificate served over SDS, resolved by the caller (for example from a Kubernetes Secret).
 *
 * @param name the SDS secret name listeners refer to
 * @param certificateChainPem PEM certificate chain
 * @param privateKeyPem PEM private key; never printed by {@link #toString()}
 */
public record TlsCertificate(String name, String certificateChainPem, String privateKeyPem) {

  public TlsCertificate {
    Objects.requireNonNull(name, "certificate name must be set");
    if (name.isBlank()) {
      throw new IllegalArgumentException("certificate name = '" + name + "', must not be blank");
    }
    Objects.requireNonNull(certificateChainPem, "certificate chain of " + name + " must be set");
    Objects.requireNonNull(privateKeyPem, "private key of " + name + " must be set");
  }

  @Override
  public String toString() {
    return "TlsCertificate[name=" + name + ", chain=" + certificateChainPem.length() + " chars]";
  }
}
