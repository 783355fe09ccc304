package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.External;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Namespace;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Pod;
import org.junit.jupiter.api.Test;

/** The evaluator the connectivity matrix relies on, checked against hand-written policies. */
class NetworkPolicyEvaluatorTest {

  private static final Namespace A =
      new Namespace("a", Map.of("kubernetes.io/metadata.name", "a", "team", "red"));
  private static final Namespace B =
      new Namespace("b", Map.of("kubernetes.io/metadata.name", "b", "team", "blue"));
  private static final Pod WEB = new Pod("web", A, Map.of("app", "web"), "10.1.0.1");
  private static final Pod DB = new Pod("db", A, Map.of("app", "db"), "10.1.0.2");
  private static final Pod OTHER = new Pod("other", B, Map.of("app", "web"), "10.2.0.1");
  private static final External INTERNET = new External("internet", "203.0.113.9");

  private static NetworkPolicyEvaluator evaluator(String... yaml) {
    return new NetworkPolicyEvaluator(
        Arrays.stream(yaml).map(y -> Yaml.read(y, NetworkPolicy.class)).toList());
  }

  @Test
  void withoutPoliciesEverythingIsAllowed() {
    NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(List.of());

    assertThat(evaluator.allows(WEB, DB, Port.tcp(5432))).isTrue();
    assertThat(evaluator.allows(INTERNET, WEB, Port.udp(53))).isTrue();
  }

  @Test
  void aPolicyWithoutRulesIsolatesOnlyTheSelectedPods() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: deny, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
            """);

    assertThat(evaluator.allows(WEB, DB, Port.tcp(5432))).isFalse();
    assertThat(evaluator.allows(DB, WEB, Port.tcp(80))).isTrue();
    assertThat(evaluator.allows(DB, INTERNET, Port.tcp(443))).as("egress not isolated").isTrue();
  }

  @Test
  void policyTypesDefaultToIngressPlusEgressWhenThereAreEgressRules() {
    NetworkPolicy ingressOnly =
        Yaml.read(
            """
            metadata: {name: p, namespace: a}
            spec: {podSelector: {}}
            """,
            NetworkPolicy.class);
    NetworkPolicy withEgress =
        Yaml.read(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {}
              egress: [{to: [{podSelector: {}}]}]
            """,
            NetworkPolicy.class);

    assertThat(NetworkPolicyEvaluator.types(ingressOnly)).containsExactly("Ingress");
    assertThat(NetworkPolicyEvaluator.types(withEgress)).containsExactly("Ingress", "Egress");
  }

  @Test
  void policiesAreUnitedNotIntersected() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: from-web, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
            """,
            """
            metadata: {name: from-internet, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]
            """);

    assertThat(evaluator.allows(WEB, DB, Port.tcp(5432))).isTrue();
    assertThat(evaluator.allows(INTERNET, DB, Port.tcp(5432))).isTrue();
    assertThat(evaluator.allows(OTHER, DB, Port.tcp(5432))).isFalse();
  }

  @Test
  void aPodSelectorAloneMeansTheSameNamespace() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
            """);

    assertThat(evaluator.allows(WEB, DB, Port.tcp(1))).isTrue();
    assertThat(evaluator.allows(OTHER, DB, Port.tcp(1)))
        .as("same labels, other namespace")
        .isFalse();
  }

  @Test
  void namespaceAndPodSelectorsInOnePeerMustBothMatch() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {team: blue}}, podSelector: {matchLabels: {app: api}}}]
            """);

    assertThat(evaluator.allows(OTHER, DB, Port.tcp(1)))
        .as("namespace matches, pod does not")
        .isFalse();
    Pod api = new Pod("api", B, Map.of("app", "api"), "10.2.0.2");
    assertThat(evaluator.allows(api, DB, Port.tcp(1))).isTrue();
  }

  @Test
  void anEmptyNamespaceSelectorMeansEveryNamespace() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{namespaceSelector: {}}]}]
            """);

    assertThat(evaluator.allows(OTHER, DB, Port.tcp(1))).isTrue();
    assertThat(evaluator.allows(INTERNET, DB, Port.tcp(1))).as("not a pod").isFalse();
  }

  @Test
  void ipBlocksHonourTheirExceptions() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]
            """);

    assertThat(evaluator.allows(WEB, INTERNET, Port.tcp(443))).isTrue();
    assertThat(evaluator.allows(WEB, DB, Port.tcp(443))).isFalse();
    assertThat(evaluator.allows(WEB, new External("v6", "2001:db8::1"), Port.tcp(443)))
        .as("an IPv4 block does not contain IPv6 addresses")
        .isFalse();
  }

  @Test
  void portsMatchByProtocolNumberAndRange() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - ports: [{port: 5432}, {protocol: UDP, port: 53}, {port: 8000, endPort: 8009}]
            """);

    assertThat(evaluator.allows(WEB, DB, Port.tcp(5432))).isTrue();
    assertThat(evaluator.allows(WEB, DB, Port.udp(5432))).isFalse();
    assertThat(evaluator.allows(WEB, DB, Port.udp(53))).isTrue();
    assertThat(evaluator.allows(WEB, DB, Port.tcp(53))).isFalse();
    assertThat(evaluator.allows(WEB, DB, Port.tcp(8009))).isTrue();
    assertThat(evaluator.allows(WEB, DB, Port.tcp(8010))).isFalse();
  }

  @Test
  void aConnectionNeedsEgressOfTheSourceAndIngressOfTheDestination() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: web-no-egress, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
            """,
            """
            metadata: {name: db-from-web, namespace: a}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
            """);

    assertThat(evaluator.ingressAllows(WEB, DB, Port.tcp(1))).isTrue();
    assertThat(evaluator.allows(WEB, DB, Port.tcp(1))).isFalse();
  }

  @Test
  void policiesOfOtherNamespacesDoNotSelectAPod() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: deny-all, namespace: b}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """);

    assertThat(evaluator.allows(WEB, DB, Port.tcp(1))).isTrue();
    assertThat(evaluator.allows(WEB, OTHER, Port.tcp(1))).isFalse();
  }

  @Test
  void matchExpressionsSupportEveryOperator() {
    Map<String, String> labels = Map.of("tier", "web", "env", "prod");

    assertThat(matches("{key: tier, operator: In, values: [web, api]}", labels)).isTrue();
    assertThat(matches("{key: tier, operator: NotIn, values: [web]}", labels)).isFalse();
    assertThat(matches("{key: zone, operator: NotIn, values: [x]}", labels)).isTrue();
    assertThat(matches("{key: env, operator: Exists}", labels)).isTrue();
    assertThat(matches("{key: env, operator: DoesNotExist}", labels)).isFalse();
  }

  @Test
  void aPeerWithoutSelectorOrIpBlockIsRefused() {
    NetworkPolicyEvaluator evaluator =
        evaluator(
            """
            metadata: {name: p, namespace: a}
            spec:
              podSelector: {}
              ingress: [{from: [{}]}]
            """);

    assertThatThrownBy(() -> evaluator.allows(WEB, DB, Port.tcp(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a peer needs a selector or an ipBlock");
  }

  private static boolean matches(String requirement, Map<String, String> labels) {
    return NetworkPolicyEvaluator.matches(
        Yaml.read(
            "matchExpressions: [" + requirement + "]",
            io.fabric8.kubernetes.api.model.LabelSelector.class),
        labels);
  }
}
