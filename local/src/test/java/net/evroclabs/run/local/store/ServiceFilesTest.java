package net.evroclabs.run.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import org.junit.jupiter.api.Test;

class ServiceFilesTest {

  private static final PlatformConfig CONFIG = PlatformConfig.defaults();

  static final String HELLO =
      """
      apiVersion: run.evroclabs.net/v1alpha1
      kind: Service
      metadata: {name: hello}
      spec:
        template:
          container:
            image: local/hello
            command: [java, -jar, samples/hello/target/hello.jar]
            env: [{name: HELLO, value: world}]
      """;

  @Test
  void aValidFileYieldsItsServiceInTheDefaultNamespaceWithAStableUid() {
    ServiceFiles.Parsed p = ServiceFiles.parse("hello.yaml", HELLO, CONFIG);
    assertThat(p.valid()).isTrue();
    Service s = p.services().get(0);
    assertThat(s.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(s.getMetadata().getUid()).isEqualTo(ServiceFiles.uid("default", "hello"));
    assertThat(Naming.iid(s.getMetadata().getUid()))
        .isEqualTo(
            Naming.iid(
                ServiceFiles.parse("x.yaml", HELLO, CONFIG)
                    .services()
                    .get(0)
                    .getMetadata()
                    .getUid()));
  }

  @Test
  void anInvalidFileReportsEveryViolationWithTheFileName() {
    String bad =
        HELLO
            .replace("name: HELLO", "name: PORT")
            .replace("image: local/hello", "image: Local/Hello");
    ServiceFiles.Parsed p = ServiceFiles.parse("hello.yaml", bad, CONFIG);
    assertThat(p.services()).isEmpty();
    assertThat(p.errors())
        .hasSize(2)
        .allMatch(e -> e.startsWith("hello.yaml: "))
        .anyMatch(e -> e.contains("spec.template.container.env[0].name = PORT"))
        .anyMatch(e -> e.contains("spec.template.container.image = Local/Hello"));
  }

  @Test
  void anotherKindIsRefusedByName() {
    ServiceFiles.Parsed p =
        ServiceFiles.parse(
            "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", CONFIG);
    assertThat(p.errors())
        .singleElement()
        .asString()
        .contains("kind ConfigMap of v1 is not a Service");
  }

  @Test
  void anUnknownFieldIsAnErrorNamingItsPath() {
    ServiceFiles.Parsed p =
        ServiceFiles.parse(
            "x.yaml", HELLO.replace("image: local/hello", "imagee: local/hello"), CONFIG);
    assertThat(p.errors())
        .singleElement()
        .asString()
        .isEqualTo("x.yaml: unknown field spec.template.container.imagee (imagee)");
  }

  @Test
  void brokenYamlIsReportedNotThrown() {
    ServiceFiles.Parsed p = ServiceFiles.parse("x.yaml", "kind: Service\n  bad: [indent", CONFIG);
    assertThat(p.errors()).singleElement().asString().startsWith("x.yaml: not valid YAML");
  }

  @Test
  void severalDocumentsAreReadAndAnyErrorRejectsTheWholeFile() {
    String two =
        HELLO + "---\n" + HELLO.replace("name: hello}", "name: hello2, namespace: team-a}");
    assertThat(ServiceFiles.parse("two.yaml", two, CONFIG).services())
        .extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
        .containsExactly("default/hello", "team-a/hello2");
    String oneBad = two.replace("name: hello2, namespace: team-a}", "name: Hello2}");
    ServiceFiles.Parsed p = ServiceFiles.parse("two.yaml", oneBad, CONFIG);
    assertThat(p.services()).isEmpty();
    assertThat(p.errors())
        .singleElement()
        .asString()
        .startsWith("two.yaml (document 2): metadata.name");
  }
}
