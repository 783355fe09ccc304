package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayPolicyTest {

  @Test
  void servesEveryoneOnItsListenersAndReachesWorkloadsActivatorXdsAndDns() {
    assertPolicy(
        GatewayPolicy.build(Fixtures.SYSTEM),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-gateway
          namespace: run-system
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: system
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: gateway}}
          policyTypes: [Ingress, Egress]
          ingress:
          - ports: [{protocol: TCP, port: 8080}, {protocol: TCP, port: 8443}]
          - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
            ports: [{protocol: TCP, port: 9000}]
          egress:
          - to:
            - namespaceSelector: {}
              podSelector:
                matchExpressions: [{key: run.evroclabs.net/revision, operator: Exists}]
          - to: [{podSelector: {matchLabels: {app.kubernetes.io/name: activator}}}]
            ports: [{protocol: TCP, port: 8012}]
          - to: [{podSelector: {matchLabels: {app.kubernetes.io/name: xds-server}}}]
            ports: [{protocol: TCP, port: 18000}]
          - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
              podSelector: {matchLabels: {k8s-app: kube-dns}}
            ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
        """);
  }

  @Test
  void isNamedAfterTheComponent() {
    assertThat(GatewayPolicy.name(Fixtures.SYSTEM)).isEqualTo("run-gateway");
  }
}
