package net.evroclabs.run.scaler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.evroclabs.run.scaler.RevisionKey;
import org.junit.jupiter.api.Test;

class PokeRequestTest {

  @Test
  void aWellFormedBodyNamesTheRevision() {
    assertThat(PokeRequest.parse("{\"namespace\":\"team-a\",\"revision\":\"hello-00001\"}"))
        .isEqualTo(new RevisionKey("team-a", "hello-00001"));
  }

  @Test
  void badBodiesAreRejectedNamingTheFieldAndTheValue() {
    assertThatThrownBy(() -> PokeRequest.parse("{\"namespace\":\"team-a\"}"))
        .hasMessage("revision is missing");
    assertThatThrownBy(() -> PokeRequest.parse("{\"namespace\":\"Team_A\",\"revision\":\"x\"}"))
        .hasMessageStartingWith("namespace = \"Team_A\", must be a DNS label");
    assertThatThrownBy(() -> PokeRequest.parse("{\"namespace\":\"a\",\"revision\":7}"))
        .hasMessageStartingWith("revision = 7, must be a DNS label");
    assertThatThrownBy(() -> PokeRequest.parse("[1]"))
        .hasMessageStartingWith("body = [1], must be a JSON object");
    assertThatThrownBy(() -> PokeRequest.parse("{nope")).hasMessageStartingWith("body is not JSON");
  }
}
