package net.evroclabs.run.xds.pipeline;

import java.util.List;
import java.util.Map;
import net.evroclabs.run.xds.cache.XdsType;

/**
 * What the gateways were given for one service: the status generation translated, the build
 * sequence each gateway resource type had to reach to contain it, and the names that identify its
 * resources in Envoy's error messages. A failure means the generation could not be translated and
 * the previous good one is still served.
 *
 * @param generation the service's {@code status.observedGeneration} whose traffic was translated
 * @param required per type, the lowest sequence of a version that contains it
 * @param resourceNames route configuration, cluster and host names of the service
 * @param failure why this generation is not served, or null
 */
public record RouteRecord(
    long generation, Map<XdsType, Long> required, List<String> resourceNames, String failure) {

  public RouteRecord {
    required = Map.copyOf(required);
    resourceNames = List.copyOf(resourceNames);
  }
}
