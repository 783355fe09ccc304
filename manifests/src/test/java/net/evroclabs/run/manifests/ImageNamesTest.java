package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The component images are named exactly as their modules build them (Jib, in the parent POM). */
class ImageNamesTest {

  private static String rootProperty(String name) throws Exception {
    String pom = Files.readString(Manifests.dir().resolve("../pom.xml"));
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as("root pom property %s", name).isTrue();
    return m.group(1).trim();
  }

  @Test
  void componentImagesAreRegistryModuleAndProjectVersion() throws Exception {
    String registry = rootProperty("image.registry");
    String version = System.getProperty("project.version");
    for (Deployment d : ManifestLoader.ofKind(ManifestLoader.all(), Deployment.class)) {
      String name = d.getMetadata().getName();
      if (name.equals("gateway")) {
        continue;
      }
      Path module = Manifests.dir().resolve("../" + name + "/pom.xml");
      assertThat(module).as("the module that builds %s", name).exists();
      assertThat(Files.readString(module)).contains("<artifactId>" + name + "</artifactId>");
      assertThat(Files.readString(module))
          .as("%s builds an image with Jib", name)
          .contains("<artifactId>jib-maven-plugin</artifactId>");
      assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(registry + "/" + name + ":" + version);
    }
  }

  @Test
  void theGatewayRunsADistrolessEnvoy() throws Exception {
    Deployment gateway =
        ManifestLoader.ofKind(ManifestLoader.all(), Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals("gateway"))
            .findFirst()
            .orElseThrow();
    assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .matches("envoyproxy/envoy:distroless-v1\\.[0-9]+\\.[0-9]+");
  }
}
