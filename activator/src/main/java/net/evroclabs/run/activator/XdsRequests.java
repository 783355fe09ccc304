package net.evroclabs.run.activator;

import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;

/** State-of-the-world requests, as the activator's xDS streams send them. */
public final class XdsRequests {

  private XdsRequests() {}

  /**
   * A request for {@code names} of {@code typeUrl} (none: wildcard) that acknowledges {@code
   * version} and {@code nonce}, or rejects them when {@code error} is not null.
   */
  public static DiscoveryRequest of(
      Node node,
      String typeUrl,
      String version,
      String nonce,
      Iterable<String> names,
      String error) {
    DiscoveryRequest.Builder b =
        DiscoveryRequest.newBuilder()
            .setNode(node)
            .setTypeUrl(typeUrl)
            .setVersionInfo(version)
            .setResponseNonce(nonce);
    names.forEach(b::addResourceNames);
    if (error != null) {
      b.setErrorDetail(Status.newBuilder().setCode(3).setMessage(error));
    }
    return b.build();
  }
}
