package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalerPolicyTest {

  @Test
  void servesTheActivatorsPokesAndReachesPrometheusAndDns() {
    assertPolicy(
        ScalerPolicy.build(Fixtures.SYSTEM),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-scaler
          namespace: run-system
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: system
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: scaler}}
          policyTypes: [Ingress, Egress]
          ingress:
          - from: [{podSelector: {matchLabels: {app.kubernetes.io/name: activator}}}]
            ports: [{protocol: TCP, port: 8080}]
          - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
            ports: [{protocol: TCP, port: 8080}]
          egress:
          - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
              podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}
            ports: [{protocol: TCP, port: 9090}]
          - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
              podSelector: {matchLabels: {k8s-app: kube-dns}}
            ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
        """);
  }

  @Test
  void isNamedAfterTheComponent() {
    assertThat(ScalerPolicy.name(Fixtures.SYSTEM)).isEqualTo("run-scaler");
  }
}
