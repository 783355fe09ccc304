package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.244.0.0/16",
        "0.0.0.0/0",
        "172.18.0.2/32",
        "fd00:10:244::/56",
        "::/0",
        "::1/128"
      })
  void parsesAndPrintsRanges(String text) {
    assertThat(Cidr.parse(text)).hasToString(text);
  }

  @Test
  void knowsIpv6FromIpv4() {
    assertThat(Cidr.parse("fd00::/8").isIpv6()).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").isIpv6()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "/16", "10.0.0.0/", "10.0.0.0/16/2", "10.0.0.0/1234"})
  void refusesTextThatIsNotAddressSlashPrefix(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cidr = \"" + text + "\"");
  }

  @Test
  void refusesANonNumericPrefix() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x"))
        .hasMessage("cidr = \"10.0.0.0/x\", the prefix length \"x\" must be a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.0.0.0/8", "10.0.0/8", "example.com/8", "1:2:3/64", "fd00::g/64"})
  void refusesAddressesThatAreNotIpLiterals(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an IPv4 or IPv6 address");
  }

  @Test
  void refusesAPrefixLongerThanTheAddress() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessage("cidr = \"10.0.0.0/33\", the prefix length must be 0..32");
    assertThatThrownBy(() -> Cidr.parse("fd00::/129"))
        .hasMessage("cidr = \"fd00::/129\", the prefix length must be 0..128");
  }

  @Test
  void refusesHostBitsSoEveryRangeMeansWhatItSays() {
    assertThatThrownBy(() -> Cidr.parse("10.244.1.0/16"))
        .hasMessage(
            "cidr = \"10.244.1.0/16\" has host bits set; give the network address of the range");
  }

  @Test
  void evaluatorContainmentFollowsThePrefix() {
    Cidr range = Cidr.parse("10.244.0.0/16");

    assertThat(NetworkPolicyEvaluator.contains(range, "10.244.255.1")).isTrue();
    assertThat(NetworkPolicyEvaluator.contains(range, "10.245.0.1")).isFalse();
    assertThat(NetworkPolicyEvaluator.contains(Cidr.parse("0.0.0.0/0"), "1.2.3.4")).isTrue();
    assertThat(NetworkPolicyEvaluator.contains(Cidr.parse("fd00::/8"), "fd12::1")).isTrue();
  }
}
