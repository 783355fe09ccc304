package net.evroclabs.run.networkpolicy;

import static net.evroclabs.run.networkpolicy.PolicyAssertions.assertPolicy;

import org.junit.jupiter.api.Test;

class WorkloadDefaultDenyTest {

  @Test
  void isolatesEveryWorkloadPodOfTheNamespaceBothWaysWithNoRule() {
    assertPolicy(
        WorkloadDefaultDeny.build("team-a"),
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: run-workloads-deny-all
          namespace: team-a
          labels:
            app.kubernetes.io/managed-by: evroc-run
            run.evroclabs.net/policy-scope: tenant
        spec:
          podSelector:
            matchExpressions:
            - {key: run.evroclabs.net/revision, operator: Exists}
          policyTypes: [Ingress, Egress]
        """);
  }
}
