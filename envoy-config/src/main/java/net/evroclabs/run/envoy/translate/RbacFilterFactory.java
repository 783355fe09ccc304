package net.evroclabs.run.envoy.translate;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import net.evroclabs.run.envoy.model.Cidr;

/**
 * Refuses (403) requests whose source is a workload pod, whether it connected directly or its
 * address arrived in {@code x-forwarded-for} through trusted hops.
 */
final class RbacFilterFactory {

  static final String NAME = "envoy.filters.http.rbac";
  static final String POLICY = "deny-workload-sources";

  private RbacFilterFactory() {}

  static HttpFilter denyWorkloadSources(List<Cidr> workloadCidrs) {
    Policy.Builder policy =
        Policy.newBuilder().addPermissions(Permission.newBuilder().setAny(true));
    for (Cidr cidr : workloadCidrs) {
      CidrRange range =
          CidrRange.newBuilder()
              .setAddressPrefix(cidr.address())
              .setPrefixLen(UInt32Value.of(cidr.prefixLength()))
              .build();
      policy.addPrincipals(Principal.newBuilder().setDirectRemoteIp(range));
      policy.addPrincipals(Principal.newBuilder().setRemoteIp(range));
    }
    io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC filter =
        io.envoyproxy
            .envoy
            .extensions
            .filters
            .http
            .rbac
            .v3
            .RBAC
            .newBuilder()
            .setRules(
                RBAC.newBuilder().setAction(RBAC.Action.DENY).putPolicies(POLICY, policy.build()))
            .build();
    return HttpFilter.newBuilder().setName(NAME).setTypedConfig(Protos.any(filter)).build();
  }
}
