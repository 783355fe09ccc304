package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pod the manifests run passes the Kubernetes Pod Security Standard "restricted" (checked
 * rule by rule, as the admission controller does), and has probes and resources.
 */
class PodSecurityRestrictedTest {

  private static final Set<String> ALLOWED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private static List<Deployment> deployments;

  @BeforeAll
  static void load() throws Exception {
    deployments = ManifestLoader.ofKind(ManifestLoader.all(), Deployment.class);
  }

  /** The restricted profile's violations in one pod spec, in words. */
  static List<String> violations(PodSpec pod) {
    List<String> out = new ArrayList<>();
    PodSecurityContext psc = pod.getSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      out.add("host namespaces");
    }
    for (Volume v : pod.getVolumes()) {
      if (v.getHostPath() != null) {
        out.add("hostPath volume " + v.getName());
      }
      if (v.getConfigMap() == null
          && v.getSecret() == null
          && v.getEmptyDir() == null
          && v.getProjected() == null
          && v.getDownwardAPI() == null
          && v.getPersistentVolumeClaim() == null
          && v.getCsi() == null
          && v.getEphemeral() == null) {
        out.add("volume " + v.getName() + " is not one of " + ALLOWED_VOLUMES);
      }
    }
    List<Container> containers = new ArrayList<>(pod.getContainers());
    containers.addAll(pod.getInitContainers());
    for (Container c : containers) {
      SecurityContext sc = c.getSecurityContext();
      String n = c.getName();
      if (sc == null) {
        out.add(n + ": no securityContext");
        continue;
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        out.add(n + ": privileged");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        out.add(n + ": allowPrivilegeEscalation must be false");
      }
      if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
        out.add(n + ": capabilities must drop ALL");
      } else if (!sc.getCapabilities().getAdd().stream().allMatch("NET_BIND_SERVICE"::equals)) {
        out.add(n + ": may add only NET_BIND_SERVICE");
      }
      boolean nonRoot =
          Boolean.TRUE.equals(sc.getRunAsNonRoot())
              || (sc.getRunAsNonRoot() == null
                  && psc != null
                  && Boolean.TRUE.equals(psc.getRunAsNonRoot()));
      if (!nonRoot) {
        out.add(n + ": runAsNonRoot must be true");
      }
      Long user =
          sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
      if (user != null && user == 0) {
        out.add(n + ": runAsUser 0");
      }
      String seccomp =
          sc.getSeccompProfile() != null
              ? sc.getSeccompProfile().getType()
              : psc == null || psc.getSeccompProfile() == null
                  ? null
                  : psc.getSeccompProfile().getType();
      if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
        out.add(n + ": seccompProfile must be RuntimeDefault or Localhost");
      }
      c.getPorts().stream()
          .filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
          .forEach(p -> out.add(n + ": hostPort " + p.getHostPort()));
    }
    return out;
  }

  @Test
  void everyComponentRunsAsADeployment() {
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("xds-server", "activator", "scaler", "gateway");
  }

  @Test
  void everyPodPassesTheRestrictedProfile() {
    for (Deployment d : deployments) {
      assertThat(violations(d.getSpec().getTemplate().getSpec()))
          .as(d.getMetadata().getName())
          .isEmpty();
    }
  }

  @Test
  void theCheckCatchesARootPrivilegedPod() throws Exception {
    Deployment bad =
        (Deployment)
            new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: bad}
                    spec:
                      selector: {matchLabels: {a: b}}
                      template:
                        spec:
                          hostNetwork: true
                          containers:
                          - name: c
                            image: i
                            securityContext: {privileged: true, runAsUser: 0}
                          volumes: [{name: h, hostPath: {path: /}}]
                    """,
                    io.fabric8.kubernetes.api.model.HasMetadata.class);
    assertThat(violations(bad.getSpec().getTemplate().getSpec()))
        .contains(
            "host namespaces",
            "hostPath volume h",
            "c: privileged",
            "c: allowPrivilegeEscalation must be false",
            "c: capabilities must drop ALL",
            "c: runAsNonRoot must be true",
            "c: runAsUser 0",
            "c: seccompProfile must be RuntimeDefault or Localhost");
  }

  @Test
  void everyContainerHasProbesRequestsAndAMemoryLimit() {
    for (Deployment d : deployments) {
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        String n = d.getMetadata().getName() + "/" + c.getName();
        assertThat(c.getReadinessProbe()).as(n + " readiness probe").isNotNull();
        assertThat(c.getLivenessProbe()).as(n + " liveness probe").isNotNull();
        assertThat(c.getResources().getRequests())
            .as(n + " requests")
            .containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(n + " memory limit").containsKey("memory");
      }
    }
  }

  @Test
  void everyComponentHasADisruptionBudget() throws Exception {
    var budgets =
        ManifestLoader.ofKind(
            ManifestLoader.all(),
            io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);
    assertThat(budgets)
        .extracting(b -> b.getMetadata().getName())
        .containsExactlyInAnyOrder("xds-server", "activator", "scaler", "gateway");
  }
}
