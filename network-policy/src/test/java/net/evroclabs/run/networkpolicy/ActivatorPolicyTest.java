package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivatorPolicyTest {

  @Test
  void servesTheGatewayAndReachesWorkloadsScalerXdsAndDns() {
    assertPolicy(
        ActivatorPolicy.build(Fixtures.SYSTEM),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-activator
          namespace: run-system
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: system
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: activator}}
          policyTypes: [Ingress, Egress]
          ingress:
          - from: [{podSelector: {matchLabels: {app.kubernetes.io/name: gateway}}}]
            ports: [{protocol: TCP, port: 8012}]
          - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
            ports: [{protocol: TCP, port: 9090}]
          egress:
          - to:
            - namespaceSelector: {}
              podSelector:
                matchExpressions: [{key: run.evroclabs.net/revision, operator: Exists}]
          - to: [{podSelector: {matchLabels: {app.kubernetes.io/name: scaler}}}]
            ports: [{protocol: TCP, port: 8080}]
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
    assertThat(ActivatorPolicy.name(Fixtures.SYSTEM)).isEqualTo("run-activator");
  }
}
