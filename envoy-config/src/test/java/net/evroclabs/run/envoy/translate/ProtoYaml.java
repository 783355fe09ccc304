package net.evroclabs.run.envoy.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Expected resources are written as YAML (Envoy's own notation) and parsed into protos. */
final class ProtoYaml {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProtoYaml() {}

  @SuppressWarnings("unchecked")
  static <T extends Message> T parse(String yaml, Message.Builder builder) {
    try {
      String json = JSON.writeValueAsString(YAML.readTree(yaml));
      return (T) EnvoyJson.parse(json, builder).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
