package net.evroclabs.run.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceStatus;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.StaleResourceException;
import net.evroclabs.run.local.store.ServiceFiles;
import org.junit.jupiter.api.Test;

class LocalServiceStoreTest {

  private final LocalServiceStore store = new LocalServiceStore();
  private final List<String> heard = new ArrayList<>();
  private static final ResourceKey HELLO = new ResourceKey("team-a", "hello");

  LocalServiceStoreTest() {
    store.addListener(
        new LocalServiceStore.Listener() {
          @Override
          public void serviceChanged(ResourceKey key, Optional<Service> service) {
            heard.add("service " + key + (service.isPresent() ? "" : " deleted"));
          }

          @Override
          public void revisionChanged(ResourceKey key, Optional<Revision> revision) {
            heard.add("revision " + key + (revision.isPresent() ? "" : " deleted"));
          }
        });
  }

  private static Service fromFile(String hello) {
    return ServiceFiles.parse(
            "hello.yaml",
            """
            apiVersion: run.evroclabs.net/v1alpha1
            kind: Service
            metadata: {name: hello, namespace: team-a}
            spec:
              template:
                container:
                  image: local/hello
                  command: [java, -jar, hello.jar]
                  env: [{name: HELLO, value: %s}]
            """
                .formatted(hello),
            PlatformConfig.defaults())
        .services()
        .get(0);
  }

  private static Revision revision(String name) {
    Revision r = new Revision();
    r.getMetadata().setNamespace("team-a");
    r.getMetadata().setName(name);
    r.getMetadata().setLabels(Map.of(Labels.SERVICE, "hello"));
    r.setSpec(new RevisionSpec());
    return r;
  }

  @Test
  void aChangedSpecIsTheNextGenerationAndKeepsTheStatus() {
    store.upsertFromFile(fromFile("one"));
    Service first = store.service(HELLO).orElseThrow();
    first.setStatus(new ServiceStatus());
    first.getStatus().setUrl("https://svc-x.run.localhost");
    store.updateStatus(first);

    store.upsertFromFile(fromFile("one"));
    store.upsertFromFile(fromFile("two"));

    Service now = store.service(HELLO).orElseThrow();
    assertThat(now.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(now.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(now.getStatus().getUrl()).isEqualTo("https://svc-x.run.localhost");
    assertThat(heard)
        .containsExactly("service team-a/hello", "service team-a/hello", "service team-a/hello");
  }

  @Test
  void aStatusWrittenFromAStaleCopyIsRefused() {
    store.upsertFromFile(fromFile("one"));
    Service stale = store.service(HELLO).orElseThrow();
    store.upsertFromFile(fromFile("two"));

    assertThatThrownBy(() -> store.updateStatus(stale)).isInstanceOf(StaleResourceException.class);
  }

  @Test
  void readsAreCopiesThatDoNotChangeTheStore() {
    store.upsertFromFile(fromFile("one"));
    store.service(HELLO).orElseThrow().getMetadata().setName("changed");

    assertThat(store.service(HELLO).orElseThrow().getMetadata().getName()).isEqualTo("hello");
  }

  @Test
  void deletingAServiceDeletesItsRevisions() {
    store.upsertFromFile(fromFile("one"));
    assertThat(store.createRevision(revision("hello-00001")).isNew()).isTrue();
    assertThat(store.createRevision(revision("hello-00001")).isNew()).isFalse();

    store.deleteService("team-a", "hello");

    assertThat(store.serviceKeys()).isEmpty();
    assertThat(store.revisionKeys()).isEmpty();
    assertThat(heard)
        .endsWith("service team-a/hello deleted", "revision team-a/hello-00001 deleted");
  }
}
