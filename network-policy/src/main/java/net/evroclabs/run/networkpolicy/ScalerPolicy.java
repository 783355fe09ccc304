package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.ComponentPolicy.egressTo;
import static net.evroclabs.run.networkpolicy.ComponentPolicy.ingressFrom;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The scaler: reachable by the activator (pokes); reaches Prometheus (metrics). It reaches the API
 * server (Deployment scale, leader election) through {@link ApiServerEgress}.
 */
public final class ScalerPolicy {

  private ScalerPolicy() {}

  public static String name(SystemTopology system) {
    return ComponentPolicy.name(system.scaler());
  }

  public static NetworkPolicy build(SystemTopology system) {
    return ComponentPolicy.build(
        system,
        system.scaler(),
        List.of(
            ingressFrom(
                List.of(PolicyParts.sameNamespace(system.activator())),
                PolicyParts.tcp(system.scaler().servingPorts()))),
        List.of(
            egressTo(
                List.of(PolicyParts.remote(system.prometheus())),
                PolicyParts.ports(system.prometheus().ports()))));
  }
}
