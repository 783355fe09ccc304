package net.evroclabs.run.envoy.translate;

import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import net.evroclabs.run.networkpolicy.Cidr;
import net.evroclabs.run.networkpolicy.GatewayRbac;
import net.evroclabs.run.networkpolicy.WorkloadSourceDenial;

/**
 * Refuses (403) requests whose source is a workload pod, whether it connected directly or its
 * address arrived in {@code x-forwarded-for} through trusted hops.
 */
final class RbacFilterFactory {

  static final String NAME = "envoy.filters.http.rbac";
  static final String POLICY = "deny-workload-sources";

  private RbacFilterFactory() {}

  /** The gateway's rule as network-policy defines it, for the model's workload ranges. */
  static HttpFilter denyWorkloadSources(List<Cidr> workloadCidrs) {
    WorkloadSourceDenial denial = WorkloadSourceDenial.of(workloadCidrs);
    return HttpFilter.newBuilder()
        .setName(NAME)
        .setTypedConfig(Protos.any(GatewayRbac.httpFilter(denial)))
        .build();
  }
}
