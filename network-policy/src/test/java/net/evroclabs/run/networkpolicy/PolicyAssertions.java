package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** Compares a generated policy with the expected one written as YAML, as whole objects. */
final class PolicyAssertions {

  private PolicyAssertions() {}

  static void assertPolicy(NetworkPolicy actual, String expectedYaml) {
    NetworkPolicy expected = Yaml.read(expectedYaml, NetworkPolicy.class);
    // A round trip through YAML makes builder defaults and parsed absences compare equal.
    NetworkPolicy normalised = Yaml.read(Yaml.write(actual), NetworkPolicy.class);
    assertThat(Yaml.write(normalised)).isEqualTo(Yaml.write(expected));
    assertThat(normalised).isEqualTo(expected);
  }
}
