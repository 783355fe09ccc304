package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.ComponentPolicy.egressTo;
import static net.evroclabs.run.networkpolicy.ComponentPolicy.ingressFrom;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The activator: reachable by the gateway on its proxy port; reaches workload pods, the scaler (to
 * poke it) and the xds-server.
 */
public final class ActivatorPolicy {

  private ActivatorPolicy() {}

  public static String name(SystemTopology system) {
    return ComponentPolicy.name(system.activator());
  }

  public static NetworkPolicy build(SystemTopology system) {
    return ComponentPolicy.build(
        system,
        system.activator(),
        List.of(
            ingressFrom(
                List.of(PolicyParts.sameNamespace(system.gateway())),
                PolicyParts.tcp(system.activator().servingPorts()))),
        List.of(
            egressTo(List.of(PolicyParts.workloadsAnywhere()), List.of()),
            egressTo(
                List.of(PolicyParts.sameNamespace(system.scaler())),
                PolicyParts.tcp(system.scaler().servingPorts())),
            egressTo(
                List.of(PolicyParts.sameNamespace(system.xdsServer())),
                PolicyParts.tcp(system.xdsServer().servingPorts()))));
  }
}
