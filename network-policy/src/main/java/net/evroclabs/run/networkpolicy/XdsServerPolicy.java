package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.ComponentPolicy.ingressFrom;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The xds-server: reachable by the gateway and the activator on its xDS port. It reaches the API
 * server (it is the controller and watches the cluster) through {@link ApiServerEgress}.
 */
public final class XdsServerPolicy {

  private XdsServerPolicy() {}

  public static String name(SystemTopology system) {
    return ComponentPolicy.name(system.xdsServer());
  }

  public static NetworkPolicy build(SystemTopology system) {
    return ComponentPolicy.build(
        system,
        system.xdsServer(),
        List.of(
            ingressFrom(
                List.of(
                    PolicyParts.sameNamespace(system.gateway()),
                    PolicyParts.sameNamespace(system.activator())),
                PolicyParts.tcp(system.xdsServer().servingPorts()))),
        List.of());
  }
}
