package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Evaluates every CEL rule of the committed Service CRD against valid and invalid objects. */
class CelValidationRulesTest {

  private static CrdRules rules;

  @BeforeAll
  static void loadCrd() throws Exception {
    rules = CrdRules.of(Manifests.dir().resolve("01-crd-services.yaml"));
  }

  private static final String VALID =
      """
      apiVersion: run.evroclabs.net/v1alpha1
      kind: Service
      metadata: {name: hello, namespace: team-a}
      spec:
        template:
          container:
            image: registry.example/hello:1.0
            env: [{name: HELLO, value: world}]
        autoscaling: {metric: latency, target: 200, percentile: p95, minScale: 0, maxScale: 10}
        traffic:
        - {latestRevision: true, percent: 90}
        - {revisionName: hello-00001, percent: 10, tag: previous}
      """;

  static Stream<Arguments> invalidServices() {
    return Stream.of(
        Arguments.of(
            "revisionName and latestRevision together",
            VALID.replace(
                "{latestRevision: true, percent: 90}",
                "{latestRevision: true, revisionName: hello-00002, percent: 90}"),
            "spec.traffic[]: set exactly one of revisionName or latestRevision: true"),
        Arguments.of(
            "neither revisionName nor latestRevision",
            VALID.replace("{latestRevision: true, percent: 90}", "{percent: 90}"),
            "spec.traffic[]: set exactly one of revisionName or latestRevision: true"),
        Arguments.of(
            "percents summing to 95",
            VALID.replace("percent: 90", "percent: 85"),
            "spec.traffic: the percent values must sum to 100"),
        Arguments.of(
            "a tag used twice",
            VALID.replace(
                "{latestRevision: true, percent: 90}",
                "{latestRevision: true, percent: 90, tag: previous}"),
            "spec.traffic: each tag must be unique"),
        Arguments.of(
            "a percentile with metric concurrency",
            VALID.replace("metric: latency", "metric: concurrency"),
            "spec.autoscaling.percentile is allowed only with metric: latency"),
        Arguments.of(
            "minScale above maxScale",
            VALID.replace("minScale: 0", "minScale: 11"),
            "spec.autoscaling.minScale must not be greater than maxScale"),
        Arguments.of(
            "env valueFrom",
            VALID.replace(
                "{name: HELLO, value: world}",
                "{name: HELLO, valueFrom: {secretKeyRef: {name: s, key: k}}}"),
            "env[].valueFrom is not supported: give the value inline in env[].value"),
        Arguments.of(
            "an upper-case name",
            VALID.replace("name: hello,", "name: Hello,"),
            "metadata.name must be lower-case letters, digits and '-', starting with a letter and"
                + " ending with a letter or digit"),
        Arguments.of(
            "a 58-character name",
            VALID.replace("name: hello,", "name: " + "a".repeat(58) + ","),
            "metadata.name must be at most 57 characters, so that revision names fit in 63"));
  }

  @Test
  void aValidServicePassesEveryRule() throws Exception {
    assertThat(rules.violations(VALID)).isEmpty();
  }

  @Test
  void aServiceWithoutTrafficOrAutoscalingPassesEveryRule() throws Exception {
    String minimal =
        """
        metadata: {name: hello}
        spec: {template: {container: {image: hello}}}
        """;
    assertThat(rules.violations(minimal)).isEmpty();
  }

  @Test
  void splitsThatSumTo100WithZeroPercentTagsPass() throws Exception {
    String split =
        VALID.replace(
            "- {revisionName: hello-00001, percent: 10, tag: previous}",
            """
            - {revisionName: hello-00001, percent: 10, tag: previous}
              - {revisionName: hello-00002, percent: 0, tag: next}
            """
                .stripTrailing());
    assertThat(rules.violations(split)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidServices")
  void anInvalidServiceBreaksExactlyTheRuleItViolates(
      String description, String yaml, String expectedMessage) throws Exception {
    assertThat(rules.violations(yaml)).containsExactly(expectedMessage);
  }

  @Test
  void everyRuleInTheCrdIsExercisedByAFailingCase() {
    List<String> exercised = invalidServices().map(a -> (String) a.get()[2]).distinct().toList();
    assertThat(rules.allRules().keySet()).containsExactlyInAnyOrderElementsOf(exercised);
  }
}
