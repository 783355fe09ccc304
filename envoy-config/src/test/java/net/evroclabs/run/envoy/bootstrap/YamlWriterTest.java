package net.evroclabs.run.envoy.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

class YamlWriterTest {

  private static final String JSON =
      """
      {"plain": "envoy.filters.http.router", "boolish": "Yes", "y": "y", "nullish": "null",
       "number_like": "2s", "address": "0.0.0.0", "star": "*", "colon": "a: b", "empty": "",
       "hash": "#x", "int": 5, "bool": true, "float": 0.25,
       "nested": {"list": [{"a": 1, "b": {"c": "d"}}, [1, 2], "x"], "emptyList": [], "emptyMap": {}}}
      """;

  @Test
  void theYamlReadsBackAsTheSameDocument() throws Exception {
    String yaml = YamlWriter.fromJson(JSON);

    JsonNode expected = new ObjectMapper().readTree(JSON);
    assertThat(new YAMLMapper().readTree(yaml)).isEqualTo(expected);
  }

  @Test
  void wordsAYaml11ReaderTakesForBooleansOrNullStayStrings() {
    String yaml = YamlWriter.fromJson(JSON);

    assertThat(yaml)
        .contains("boolish: \"Yes\"\n", "\"y\": \"y\"\n", "nullish: \"null\"\n")
        .contains("plain: envoy.filters.http.router\n", "number_like: \"2s\"\n", "bool: true\n");
  }
}
