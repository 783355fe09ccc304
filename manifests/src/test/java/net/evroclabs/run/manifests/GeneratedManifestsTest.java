package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratedManifestsTest {

  @Test
  void theGatewayBootstrapAndSystemPoliciesEqualWhatTheirModulesGenerate() throws Exception {
    boolean write = Boolean.getBoolean("manifests.write");
    for (Map.Entry<String, String> e : GeneratedManifests.all().entrySet()) {
      Path file = Manifests.dir().resolve(e.getKey());
      if (write) {
        Files.writeString(file, e.getValue());
      }
      assertThat(file).as("%s is generated; regenerate it (see its header)", file).exists();
      assertThat(Files.readString(file))
          .as("%s has drifted from its generator; regenerate it (see its header)", e.getKey())
          .isEqualTo(e.getValue());
    }
  }
}
