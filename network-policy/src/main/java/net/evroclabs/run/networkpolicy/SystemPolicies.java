package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The complete set of policies for the system namespace: {@link SystemDefaultDeny}, one policy per
 * component, and the {@link ApiServerEgress} of the xds-server and the scaler. They do not depend
 * on the tenants, so they ship as static manifests; only the API server egress is cluster-specific.
 */
public final class SystemPolicies {

  private SystemPolicies() {}

  /** Sorted by name. */
  public static List<NetworkPolicy> build(SystemTopology system) {
    return Stream.of(
            SystemDefaultDeny.build(system),
            GatewayPolicy.build(system),
            ActivatorPolicy.build(system),
            XdsServerPolicy.build(system),
            ScalerPolicy.build(system),
            ApiServerEgress.build(system, system.xdsServer()),
            ApiServerEgress.build(system, system.scaler()))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }
}
