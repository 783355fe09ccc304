package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KustomizationTest {

  @Test
  void theKustomizationListsEveryManifestInApplyOrder() throws Exception {
    JsonNode k =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(Manifests.dir().resolve("kustomization.yaml")));
    List<String> listed = new ArrayList<>();
    k.get("resources").forEach(r -> listed.add(r.asText()));
    List<String> present;
    try (Stream<Path> files = Files.list(Manifests.dir())) {
      present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("[0-9]{2}-.*\\.yaml"))
              .sorted()
              .toList();
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
    assertThat(listed).isSorted();
  }
}
