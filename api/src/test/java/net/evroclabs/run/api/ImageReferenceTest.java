package net.evroclabs.run.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello",
        "library/hello:1.0",
        "registry.example/hello:1.0",
        "registry.example:5000/team/sub/hello:latest",
        "localhost/hello",
        "[::1]:5000/hello:1",
        "ghcr.io/org/my_app__x.y-z:v1.2.3-rc.1",
        "hello@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.example/hello:1.0@sha256:0123456789abcdef0123456789abcdef"
      })
  void acceptsReferencesOfTheOciGrammar(String ref) {
    assertThat(ImageReference.parse(ref)).as(ref).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Hello",
        "registry.example/Hello",
        "hello:",
        "hello:-x",
        "hello@sha256:short",
        "hello@:0123456789abcdef0123456789abcdef",
        "/hello",
        "hello//world",
        "hello world",
        "hello-:1",
        "team/hello:" + "t"
      })
  void rejectsReferencesOutsideTheGrammar(String ref) {
    if (ref.endsWith(":t")) {
      ref = ref + "x".repeat(128);
    }
    assertThat(ImageReference.parse(ref)).as(ref).isEmpty();
  }

  @Test
  void splitsRegistryRepositoryTagAndDigest() {
    assertThat(ImageReference.parse("registry.example:5000/team/hello:1.0").orElseThrow())
        .isEqualTo(new ImageReference("registry.example:5000", "team/hello", "1.0", null));
    assertThat(ImageReference.parse("team/hello").orElseThrow())
        .isEqualTo(new ImageReference(null, "team/hello", null, null));
  }

  @Test
  void rejectsNamesLongerThan255Characters() {
    assertThat(ImageReference.parse("r.example/" + "a".repeat(250))).isEmpty();
  }
}
