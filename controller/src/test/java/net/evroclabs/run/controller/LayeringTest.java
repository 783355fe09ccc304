package net.evroclabs.run.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reconciler logic reaches Kubernetes only through the ports; fabric8's client stays in kube.
 */
class LayeringTest {

  private static final Path MAIN = Path.of("src/main/java/net/evroclabs/run/controller");

  @Test
  void onlyTheKubePackageImportsTheKubernetesClient() throws IOException {
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.startsWith(MAIN.resolve("kube")))
              .filter(LayeringTest::importsClientOrWorkloadModel)
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void theCheckSeesTheAdapters() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN.resolve("kube"))) {
      assertThat(
              files
                  .filter(p -> p.toString().endsWith(".java"))
                  .filter(LayeringTest::importsClientOrWorkloadModel)
                  .count())
          .isPositive();
    }
  }

  private static boolean importsClientOrWorkloadModel(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .anyMatch(
              line ->
                  line.startsWith("import io.fabric8.kubernetes.client")
                      || line.startsWith("import io.fabric8.kubernetes.api.model.apps")
                      || line.startsWith("import io.fabric8.kubernetes.api.model.Pod"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
