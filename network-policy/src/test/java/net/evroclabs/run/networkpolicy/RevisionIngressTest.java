package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionIngressTest {

  @Test
  void admitsOnlyGatewayAndActivatorPodsOnTheRevisionsContainerPort() {
    assertPolicy(
        RevisionIngress.build(Fixtures.SYSTEM, "team-a", new RevisionPort("hello-00001", 8080)),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-revision-hello-00001
          namespace: team-a
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: tenant
        spec:
          podSelector:
            matchLabels: {run.evroclabs.net/revision: hello-00001}
          policyTypes: [Ingress]
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: run-system}}
              podSelector: {matchLabels: {app.kubernetes.io/name: gateway}}
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: run-system}}
              podSelector: {matchLabels: {app.kubernetes.io/name: activator}}
            ports:
            - {protocol: TCP, port: 8080}
        """);
  }

  @Test
  void followsTheSystemNamespaceAndSelectorsOfTheTopology() {
    SystemTopology custom =
        new SystemTopology(
            "platform",
            new Component("gw", java.util.Map.of("role", "edge"), java.util.List.of(80), 9000),
            Fixtures.SYSTEM.activator(),
            Fixtures.SYSTEM.xdsServer(),
            Fixtures.SYSTEM.scaler(),
            Fixtures.SYSTEM.monitoringNamespaceLabels(),
            Fixtures.SYSTEM.prometheus(),
            Fixtures.SYSTEM.dns(),
            Fixtures.API_SERVER);

    var from =
        RevisionIngress.build(custom, "t", new RevisionPort("r-00001", 9000))
            .getSpec()
            .getIngress()
            .getFirst()
            .getFrom()
            .getFirst();

    assertThat(from.getNamespaceSelector().getMatchLabels())
        .containsExactly(java.util.Map.entry("kubernetes.io/metadata.name", "platform"));
    assertThat(from.getPodSelector().getMatchLabels())
        .containsExactly(java.util.Map.entry("role", "edge"));
  }

  @Test
  void isNamedAfterTheRevision() {
    assertThat(RevisionIngress.name("shop-00012")).isEqualTo("run-revision-shop-00012");
  }
}
