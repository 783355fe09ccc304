package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiServerEgressTest {

  @Test
  void letsTheComponentReachTheApiServerEndpointsOnTheirPortsOnly() {
    assertPolicy(
        ApiServerEgress.build(Fixtures.SYSTEM, Fixtures.SYSTEM.scaler()),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-scaler-to-api-server
          namespace: run-system
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: system
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: scaler}}
          policyTypes: [Egress]
          egress:
          - to: [{ipBlock: {cidr: 172.18.0.2/32}}, {ipBlock: {cidr: 172.18.0.3/32}}]
            ports: [{protocol: TCP, port: 6443}]
        """);
  }

  @Test
  void isNamedAfterTheComponent() {
    assertThat(ApiServerEgress.name(Fixtures.SYSTEM.xdsServer()))
        .isEqualTo("run-xds-server-to-api-server");
  }
}
