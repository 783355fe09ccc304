package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsParseTest {

  @Test
  void everyManifestParsesIntoTheTypedModelWithNoUnknownField() throws Exception {
    List<ManifestLoader.Doc> docs = ManifestLoader.all();
    assertThat(docs).isNotEmpty();
    for (ManifestLoader.Doc d : docs) {
      assertThat(ManifestLoader.unknownFields(d.resource())).as(d.describe()).isEmpty();
    }
  }

  @Test
  void theUnknownFieldCheckCatchesAMisspeltField() throws Exception {
    var cm =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
            .unmarshal(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  template:
                    spec:
                      containers: [{name: c, image: i, imagePullPolice: Always}]
                """,
                io.fabric8.kubernetes.api.model.HasMetadata.class);
    assertThat(ManifestLoader.unknownFields(cm))
        .containsExactlyInAnyOrder(
            "spec.replica", "spec.template.spec.containers[0].imagePullPolice");
  }

  @Test
  void everyNamespacedObjectOfThePlatformIsInRunSystem() throws Exception {
    for (ManifestLoader.Doc d : ManifestLoader.all()) {
      String ns = d.resource().getMetadata().getNamespace();
      assertThat(ns == null || ns.equals("run-system")).as(d.describe()).isTrue();
    }
  }
}
