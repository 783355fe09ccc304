package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each component's account may do, flattened to "group/resource verb" grants (scoped to a
 * namespace for Roles). The expected sets are the verbs each component really uses; anything more
 * fails the test.
 */
class RbacLeastPrivilegeTest {

  private static List<ManifestLoader.Doc> docs;

  @BeforeAll
  static void load() throws Exception {
    docs = ManifestLoader.all();
  }

  private static final Map<String, Set<String>> EXPECTED =
      Map.of(
          "xds-server",
          Set.of(
              "run.evroclabs.net/services get",
              "run.evroclabs.net/services list",
              "run.evroclabs.net/services watch",
              "run.evroclabs.net/services/status get",
              "run.evroclabs.net/services/status update",
              "run.evroclabs.net/revisions/status get",
              "run.evroclabs.net/revisions/status update",
              "run.evroclabs.net/services/finalizers update",
              "run.evroclabs.net/revisions/finalizers update",
              "run.evroclabs.net/revisions get",
              "run.evroclabs.net/revisions list",
              "run.evroclabs.net/revisions watch",
              "run.evroclabs.net/revisions create",
              "run.evroclabs.net/revisions delete",
              "apps/deployments get",
              "apps/deployments list",
              "apps/deployments watch",
              "apps/deployments create",
              "apps/deployments patch",
              "apps/deployments delete",
              "/pods get",
              "/pods list",
              "/pods watch",
              "networking.k8s.io/networkpolicies get",
              "networking.k8s.io/networkpolicies list",
              "networking.k8s.io/networkpolicies create",
              "networking.k8s.io/networkpolicies update",
              "networking.k8s.io/networkpolicies delete",
              "/events create",
              "run-system: coordination.k8s.io/leases get",
              "run-system: coordination.k8s.io/leases create",
              "run-system: coordination.k8s.io/leases update",
              "run-system: /configmaps get",
              "run-system: /configmaps list",
              "run-system: /configmaps watch",
              "run-system: /secrets get",
              "run-system: /secrets list",
              "run-system: /secrets watch"),
          "scaler",
          Set.of(
              "run.evroclabs.net/services get",
              "run.evroclabs.net/services list",
              "run.evroclabs.net/services watch",
              "run.evroclabs.net/revisions get",
              "run.evroclabs.net/revisions list",
              "run.evroclabs.net/revisions watch",
              "apps/deployments get",
              "apps/deployments list",
              "apps/deployments watch",
              "apps/deployments/scale get",
              "apps/deployments/scale update",
              "apps/deployments/scale patch",
              "/events create",
              "run-system: coordination.k8s.io/leases get",
              "run-system: coordination.k8s.io/leases create",
              "run-system: coordination.k8s.io/leases update",
              "run-system: /configmaps get"),
          "activator",
          Set.of(),
          "gateway",
          Set.of());

  @Test
  void eachComponentIsGrantedExactlyTheVerbsItUses() {
    for (Map.Entry<String, Set<String>> e : EXPECTED.entrySet()) {
      assertThat(grants(e.getKey()))
          .as(e.getKey())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
    }
  }

  @Test
  void noRuleUsesWildcardsOrEscalatingVerbs() {
    for (ClusterRole r : ManifestLoader.ofKind(docs, ClusterRole.class)) {
      assertNoWildcards(r.getMetadata().getName(), r.getRules());
    }
    for (Role r : ManifestLoader.ofKind(docs, Role.class)) {
      assertNoWildcards(r.getMetadata().getName(), r.getRules());
    }
  }

  @Test
  void onlyTheApiClientsMountAServiceAccountToken() {
    for (var sa :
        ManifestLoader.ofKind(docs, io.fabric8.kubernetes.api.model.ServiceAccount.class)) {
      boolean usesApi = Set.of("xds-server", "scaler").contains(sa.getMetadata().getName());
      assertThat(!Boolean.FALSE.equals(sa.getAutomountServiceAccountToken()))
          .as(sa.getMetadata().getName())
          .isEqualTo(usesApi);
    }
  }

  @Test
  void userRolesAggregateIntoTheBuiltInRoles() {
    Map<String, String> aggregation =
        Map.of(
            "run-viewer", "rbac.authorization.k8s.io/aggregate-to-view",
            "run-editor", "rbac.authorization.k8s.io/aggregate-to-edit",
            "run-admin", "rbac.authorization.k8s.io/aggregate-to-admin");
    for (Map.Entry<String, String> e : aggregation.entrySet()) {
      ClusterRole role =
          ManifestLoader.ofKind(docs, ClusterRole.class).stream()
              .filter(r -> r.getMetadata().getName().equals(e.getKey()))
              .findFirst()
              .orElseThrow();
      assertThat(role.getMetadata().getLabels()).containsEntry(e.getValue(), "true");
    }
  }

  @Test
  void viewersCannotChangeAnythingAndEditorsCannotDeleteRevisions() {
    Set<String> viewer = roleGrants("run-viewer");
    assertThat(viewer)
        .allMatch(g -> g.endsWith(" get") || g.endsWith(" list") || g.endsWith(" watch"));
    assertThat(roleGrants("run-editor"))
        .contains("run.evroclabs.net/services create")
        .doesNotContain("run.evroclabs.net/revisions delete");
    assertThat(roleGrants("run-admin")).contains("run.evroclabs.net/revisions delete");
  }

  private static void assertNoWildcards(String name, List<PolicyRule> rules) {
    for (PolicyRule rule : rules) {
      assertThat(rule.getVerbs()).as(name).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources()).as(name).doesNotContain("*");
      assertThat(rule.getApiGroups()).as(name).doesNotContain("*");
    }
  }

  private static Set<String> roleGrants(String clusterRole) {
    Set<String> out = new TreeSet<>();
    ManifestLoader.ofKind(docs, ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(clusterRole))
        .forEach(r -> flatten("", r.getRules(), out));
    return out;
  }

  private static Set<String> grants(String serviceAccount) {
    Set<String> out = new TreeSet<>();
    for (ClusterRoleBinding b : ManifestLoader.ofKind(docs, ClusterRoleBinding.class)) {
      if (bindsAccount(b.getSubjects(), serviceAccount)) {
        ManifestLoader.ofKind(docs, ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName()))
            .forEach(r -> flatten("", r.getRules(), out));
      }
    }
    for (RoleBinding b : ManifestLoader.ofKind(docs, RoleBinding.class)) {
      if (bindsAccount(b.getSubjects(), serviceAccount)) {
        String ns = b.getMetadata().getNamespace();
        ManifestLoader.ofKind(docs, Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName()))
            .filter(r -> ns.equals(r.getMetadata().getNamespace()))
            .forEach(r -> flatten(ns + ": ", r.getRules(), out));
      }
    }
    return out;
  }

  private static boolean bindsAccount(List<Subject> subjects, String serviceAccount) {
    return subjects.stream()
        .anyMatch(
            s ->
                "ServiceAccount".equals(s.getKind())
                    && serviceAccount.equals(s.getName())
                    && "run-system".equals(s.getNamespace()));
  }

  private static void flatten(String scope, List<PolicyRule> rules, Set<String> out) {
    for (PolicyRule r : rules) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          for (String v : r.getVerbs()) {
            out.add(scope + g + "/" + res + " " + v);
          }
        }
      }
    }
  }
}
