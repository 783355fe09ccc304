package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.ComponentPolicy.egressTo;
import static net.evroclabs.run.networkpolicy.ComponentPolicy.ingressFrom;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The Envoy gateway: reachable by anyone on its HTTP and HTTPS listeners; reaches workload pods
 * (whose own policies admit it on their container port only), the activator, and the xds-server.
 */
public final class GatewayPolicy {

  private GatewayPolicy() {}

  public static String name(SystemTopology system) {
    return ComponentPolicy.name(system.gateway());
  }

  public static NetworkPolicy build(SystemTopology system) {
    return ComponentPolicy.build(
        system,
        system.gateway(),
        List.of(ingressFrom(List.of(), PolicyParts.tcp(system.gateway().servingPorts()))),
        List.of(
            egressTo(List.of(PolicyParts.workloadsAnywhere()), List.of()),
            egressTo(
                List.of(PolicyParts.sameNamespace(system.activator())),
                PolicyParts.tcp(system.activator().servingPorts())),
            egressTo(
                List.of(PolicyParts.sameNamespace(system.xdsServer())),
                PolicyParts.tcp(system.xdsServer().servingPorts()))));
  }
}
