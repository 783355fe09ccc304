package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XdsServerPolicyTest {

  @Test
  void servesGatewayAndActivatorOnTheXdsPortAndReachesDns() {
    assertPolicy(
        XdsServerPolicy.build(Fixtures.SYSTEM),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-xds-server
          namespace: run-system
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: system
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: xds-server}}
          policyTypes: [Ingress, Egress]
          ingress:
          - from:
            - podSelector: {matchLabels: {app.kubernetes.io/name: gateway}}
            - podSelector: {matchLabels: {app.kubernetes.io/name: activator}}
            ports: [{protocol: TCP, port: 18000}]
          - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
            ports: [{protocol: TCP, port: 9091}]
          egress:
          - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
              podSelector: {matchLabels: {k8s-app: kube-dns}}
            ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
        """);
  }

  @Test
  void isNamedAfterTheComponent() {
    assertThat(XdsServerPolicy.name(Fixtures.SYSTEM)).isEqualTo("run-xds-server");
  }
}
