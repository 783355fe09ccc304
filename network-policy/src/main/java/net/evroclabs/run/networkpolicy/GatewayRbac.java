package net.evroclabs.run.networkpolicy;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import java.util.ArrayList;
import java.util.List;

/**
 * Envoy RBAC rules for a {@link WorkloadSourceDenial}: a DENY policy whose principal matches a
 * request when either the connection's peer address ({@code direct_remote_ip}) or the client
 * address Envoy derived from trusted hops ({@code remote_ip}) lies in a workload range. Matching
 * both only ever refuses more: a forged {@code x-forwarded-for} can get its sender refused, never
 * admitted.
 */
public final class GatewayRbac {

  private GatewayRbac() {}

  /** The rules; with no ranges, a DENY with no policies, which refuses nothing. */
  public static RBAC rules(WorkloadSourceDenial denial) {
    RBAC.Builder rbac = RBAC.newBuilder().setAction(RBAC.Action.DENY);
    if (denial.cidrs().isEmpty()) {
      return rbac.build();
    }
    List<Principal> sources = new ArrayList<>();
    for (Cidr cidr : denial.cidrs()) {
      sources.add(Principal.newBuilder().setDirectRemoteIp(range(cidr)).build());
      sources.add(Principal.newBuilder().setRemoteIp(range(cidr)).build());
    }
    Policy policy =
        Policy.newBuilder()
            .addPermissions(Permission.newBuilder().setAny(true))
            .addPrincipals(
                Principal.newBuilder().setOrIds(Principal.Set.newBuilder().addAllIds(sources)))
            .build();
    return rbac.putPolicies(denial.policyName(), policy).build();
  }

  /** The typed config of the {@code envoy.filters.http.rbac} filter carrying {@link #rules}. */
  public static io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC httpFilter(
      WorkloadSourceDenial denial) {
    return io.envoyproxy
        .envoy
        .extensions
        .filters
        .http
        .rbac
        .v3
        .RBAC
        .newBuilder()
        .setRules(rules(denial))
        .build();
  }

  static CidrRange range(Cidr cidr) {
    return CidrRange.newBuilder()
        .setAddressPrefix(cidr.address())
        .setPrefixLen(UInt32Value.of(cidr.prefixLength()))
        .build();
  }
}
