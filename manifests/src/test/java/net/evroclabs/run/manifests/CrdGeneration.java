package net.evroclabs.run.manifests;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;

/** Runs fabric8's CRD generator over the api types. */
final class CrdGeneration {

  /** Committed file name per generated CRD. */
  static final Map<String, String> FILES =
      Map.of(
          "services.run.evroclabs.net", "01-crd-services.yaml",
          "revisions.run.evroclabs.net", "01-crd-revisions.yaml");

  static final String HEADER =
      "# Generated from the api module's types by fabric8's CRD generator; do not edit.\n"
          + "# Regenerate: ./mvnw -pl manifests -am test -Dtest=CrdDriftTest -Dcrds.write=true"
          + " -Dsurefire.failIfNoSpecifiedTests=false\n";

  private CrdGeneration() {}

  /** Generated YAML (with the header) per committed file name. */
  static Map<String, String> generate() throws IOException {
    Path dir = Files.createTempDirectory("crds");
    new CRDGenerator()
        .inOutputDir(dir.toFile())
        .forCRDVersions("v1")
        .withParallelGenerationEnabled(false)
        .customResourceClasses(Service.class, Revision.class)
        .generate();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : FILES.entrySet()) {
      Path generated = dir.resolve(e.getKey() + "-v1.yml");
      out.put(e.getValue(), HEADER + Files.readString(generated));
      Files.delete(generated);
    }
    Files.delete(dir);
    return out;
  }
}
