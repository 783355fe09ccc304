package net.evroclabs.run.envoy.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the gateway, the activator and proxyless clients are told, resolved by the caller.
 *
 * @param gateway platform-wide listener settings
 * @param services routed services; keys ({@code namespace/name}) and hosts are unique
 * @param activatorEndpoints the activator pods' proxy addresses (port 8012)
 * @param certificates certificates served over SDS
 */
public record RoutingModel(
    GatewaySettings gateway,
    List<RoutedService> services,
    List<Endpoint> activatorEndpoints,
    List<TlsCertificate> certificates) {

  public RoutingModel {
    Objects.requireNonNull(gateway, "gateway settings must be set");
    services = Checks.list("services", services);
    activatorEndpoints = Checks.list("activatorEndpoints", activatorEndpoints);
    certificates = Checks.list("certificates", certificates);
    Map<String, String> hostOwners = new HashMap<>();
    Map<String, Boolean> keys = new HashMap<>();
    for (RoutedService s : services) {
      if (keys.put(s.key(), Boolean.TRUE) != null) {
        throw new IllegalArgumentException("services name " + s.key() + " twice");
      }
      for (String host : s.hosts()) {
        String owner = hostOwners.putIfAbsent(host, s.key());
        if (owner != null) {
          throw new IllegalArgumentException(
              "host = '" + host + "' of service " + s.key() + ", is already used by " + owner);
        }
      }
    }
    Map<String, Boolean> names = new HashMap<>();
    for (TlsCertificate c : certificates) {
      if (names.put(c.name(), Boolean.TRUE) != null) {
        throw new IllegalArgumentException("certificates name " + c.name() + " twice");
      }
    }
  }
}
