package net.evroclabs.run.envoy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.PlatformConfigParser;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.model.Endpoint;

/** Reads the renderer's input files; every error names the file and what is wrong. */
final class InputFiles {

  /** Key of the activator's endpoints in an endpoints file. */
  static final String ACTIVATOR_KEY = "activator";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private InputFiles() {}

  /** Services and Revisions from YAML files (several documents per file allowed). */
  static void readResources(Path file, List<Service> services, List<Revision> revisions)
      throws IOException {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      while (hasNext(file, docs)) {
        JsonNode doc = next(file, docs);
        index++;
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        String kind = doc.path("kind").asText("");
        String where = file + " document " + index;
        try {
          switch (kind) {
            case "Service" -> services.add(withNamespace(YAML.treeToValue(doc, Service.class)));
            case "Revision" -> revisions.add(withNamespace(YAML.treeToValue(doc, Revision.class)));
            default ->
                throw new IllegalArgumentException(
                    where + ": kind = '" + kind + "', must be Service or Revision");
          }
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(where + ": " + e.getOriginalMessage(), e);
        }
      }
    }
  }

  private static boolean hasNext(Path file, MappingIterator<JsonNode> docs) throws IOException {
    try {
      return docs.hasNextValue();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode next(Path file, MappingIterator<JsonNode> docs) throws IOException {
    try {
      return docs.nextValue();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode tree(Path file) throws IOException {
    try {
      return YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * An endpoints file: a map from {@code <namespace>/<revision>} (and {@code activator}) to lists
   * of {@code ADDRESS:PORT}.
   */
  static Map<String, List<Endpoint>> readEndpoints(Path file) throws IOException {
    JsonNode root = tree(file);
    Map<String, List<Endpoint>> out = new LinkedHashMap<>();
    if (root == null || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          file + ": must map <namespace>/<revision> or activator to lists of ADDRESS:PORT");
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException(
            file + ": " + e.getKey() + " must be a list of ADDRESS:PORT");
      }
      List<Endpoint> endpoints = new ArrayList<>();
      for (JsonNode item : e.getValue()) {
        try {
          endpoints.add(Endpoint.parse(item.asText()));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException(
              file + ": " + e.getKey() + ": " + bad.getMessage(), bad);
        }
      }
      out.put(e.getKey(), List.copyOf(endpoints));
    }
    return out;
  }

  /** Platform config from the {@code run-config} ConfigMap (or a bare map of its keys). */
  static PlatformConfig readConfig(Path file) throws IOException {
    JsonNode root = tree(file);
    JsonNode data = root != null && root.has("data") ? root.get("data") : root;
    if (data == null || !data.isObject()) {
      throw new IllegalArgumentException(file + ": must be the run-config ConfigMap or its data");
    }
    Map<String, String> map = new LinkedHashMap<>();
    data.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return PlatformConfigParser.parse(map);
  }

  private static <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> T withNamespace(
      T resource) {
    if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
      throw new IllegalArgumentException(
          resource.getKind() + " without metadata.name cannot be routed");
    }
    if (resource.getMetadata().getNamespace() == null) {
      resource.getMetadata().setNamespace("default");
    }
    return resource;
  }
}
