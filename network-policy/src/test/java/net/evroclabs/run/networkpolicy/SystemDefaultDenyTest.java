package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;

import org.junit.jupiter.api.Test;

class SystemDefaultDenyTest {

  @Test
  void isolatesEveryPodOfTheSystemNamespaceBothWaysWithNoRule() {
    assertPolicy(
        SystemDefaultDeny.build(Fixtures.SYSTEM),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-system-deny-all
          namespace: run-system
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: system
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """);
  }
}
