package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelloConfigTest {

  @Test
  void readsPortGreetingAndEnvironment() {
    Map<String, String> env =
        Map.of("PORT", "8080", "HELLO", "team", "K_SERVICE", "hello", "K_REVISION", "hello-00002");

    HelloConfig config = HelloConfig.fromEnvironment(env);

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.greeting()).isEqualTo(new Greeting("team", "hello", "hello-00002"));
    assertThat(config.environment()).isEqualTo(env);
  }

  @Test
  void environmentIsSortedByName() {
    HelloConfig config =
        HelloConfig.fromEnvironment(Map.of("PORT", "1", "ZED", "z", "ALPHA", "a", "MIDDLE", "m"));

    assertThat(List.copyOf(config.environment().keySet()))
        .containsExactly("ALPHA", "MIDDLE", "PORT", "ZED");
  }

  @Test
  void environmentCannotBeChangedAfterParsing() {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "8080"));
    HelloConfig config = HelloConfig.fromEnvironment(env);

    env.put("LATER", "x");

    assertThat(config.environment()).doesNotContainKey("LATER");
    assertThatThrownBy(() -> config.environment().put("X", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1024", "8080", "65535"})
  void acceptsEveryPortFromOneTo65535(String port) {
    assertThat(HelloConfig.fromEnvironment(Map.of("PORT", port)).port())
        .isEqualTo(Integer.parseInt(port));
  }

  @Test
  void missingPortIsRefusedWithAMessageNamingPort() {
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PORT is not set; set it to the TCP port to listen on, between 1 and 65535");
  }

  @Test
  void emptyPortCountsAsMissing() {
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of("PORT", "")))
        .hasMessageStartingWith("PORT is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "80a", " 8080", "8080 ", "+80", "-1", "8080.0", "123456"})
  void nonNumericPortIsRefusedNamingTheValue(String port) {
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of("PORT", port)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PORT = \"" + port + "\" is not a port number; it must be between 1 and 65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "00000", "65536", "99999"})
  void outOfRangePortIsRefusedNamingTheValue(String port) {
    assertThatThrownBy(() -> HelloConfig.fromEnvironment(Map.of("PORT", port)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PORT = \"" + port + "\" is out of range; it must be between 1 and 65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "10.20.30.255", "::", "::1", "fd00::1:2"})
  void bindAddressAcceptsIpLiterals(String address) {
    assertThat(HelloConfig.fromEnvironment(Map.of("PORT", "80", "BIND_ADDRESS", address)))
        .extracting(HelloConfig::bindAddress)
        .isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "256.0.0.1",
        "1.2.3",
        "example.com",
        "1.2.3.4.5",
        ":::::",
        "1:2",
        "fd00::g"
      })
  void bindAddressRefusesHostNamesAndBadLiterals(String address) {
    assertThatThrownBy(
            () -> HelloConfig.fromEnvironment(Map.of("PORT", "80", "BIND_ADDRESS", address)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BIND_ADDRESS = \"" + address + "\" is not an IP address");
  }

  @Test
  void constructorRefusesAPortOutOfRange() {
    Greeting greeting = new Greeting("a", "b", "c");

    assertThatThrownBy(() -> new HelloConfig("0.0.0.0", 70000, greeting, Map.of()))
        .hasMessage("port = 70000, must be between 0 and 65535");
  }
}
