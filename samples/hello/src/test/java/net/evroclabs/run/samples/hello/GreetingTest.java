package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GreetingTest {

  @Test
  void greetsWithHelloServiceAndRevision() {
    Greeting greeting =
        Greeting.fromEnvironment(
            Map.of("HELLO", "world", "K_SERVICE", "hello", "K_REVISION", "hello-00001"));

    assertThat(greeting.text()).isEqualTo("Hello world from hello/hello-00001");
  }

  @Test
  void fallsBackToWorldAndUnknownWhenUnset() {
    assertThat(Greeting.fromEnvironment(Map.of()).text())
        .isEqualTo("Hello world from unknown/unknown");
  }

  @Test
  void blankValuesCountAsUnset() {
    Greeting greeting =
        Greeting.fromEnvironment(Map.of("HELLO", " ", "K_SERVICE", "", "K_REVISION", "\t"));

    assertThat(greeting).isEqualTo(new Greeting("world", "unknown", "unknown"));
  }
}
