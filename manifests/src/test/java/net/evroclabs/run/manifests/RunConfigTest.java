package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.util.List;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.PlatformConfigParser;
import org.junit.jupiter.api.Test;

class RunConfigTest {

  private static ConfigMap shipped() throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readValue(
            Files.readString(Manifests.dir().resolve("02-run-config.yaml")), ConfigMap.class);
  }

  @Test
  void theShippedConfigMapParsesToTheDefaults() throws Exception {
    assertThat(PlatformConfigParser.parse(shipped().getData()))
        .isEqualTo(PlatformConfig.defaults());
  }

  @Test
  void theShippedConfigMapSetsEveryKey() throws Exception {
    assertThat(shipped().getData().keySet())
        .containsExactlyInAnyOrderElementsOf(PlatformConfigParser.KEYS);
  }

  @Test
  void everyKeyIsDocumentedByACommentAboveIt() throws Exception {
    List<String> lines = Files.readAllLines(Manifests.dir().resolve("02-run-config.yaml"));
    int dataLine = lines.indexOf("data:");
    for (String key : PlatformConfigParser.KEYS) {
      int at = -1;
      for (int i = dataLine; i < lines.size(); i++) {
        if (lines.get(i).startsWith("  " + key + ":")) {
          at = i;
        }
      }
      assertThat(at).as("key %s is in the ConfigMap", key).isPositive();
      int above = at - 1;
      while (above > dataLine
          && lines.get(above).startsWith("  ")
          && !lines.get(above).trim().startsWith("#")) {
        above--;
      }
      assertThat(lines.get(above).trim())
          .as("a comment documents %s (or the group it belongs to)", key)
          .startsWith("#");
    }
  }

  @Test
  void theConfigMapLivesWhereComponentsLookForIt() throws Exception {
    ConfigMap cm = shipped();
    assertThat(cm.getMetadata().getName()).isEqualTo("run-config");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo("run-system");
  }
}
