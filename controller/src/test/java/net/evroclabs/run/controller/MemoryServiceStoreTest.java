package net.evroclabs.run.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.EnvVar;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.api.ServiceStatus;
import org.junit.jupiter.api.Test;

class MemoryServiceStoreTest {

  private final MemoryServiceStore store = new MemoryServiceStore();
  private final List<String> heard = new ArrayList<>();
  private static final ResourceKey HELLO = new ResourceKey("team-a", "hello");

  MemoryServiceStoreTest() {
    store.addListener(
        new MemoryServiceStore.Listener() {
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

  private static Service service(String greeting) {
    ContainerSpec container = new ContainerSpec();
    container.setImage("registry.example/hello:1");
    EnvVar env = new EnvVar();
    env.setName("HELLO");
    env.setValue(greeting);
    container.setEnv(List.of(env));
    RevisionTemplate template = new RevisionTemplate();
    template.setContainer(container);
    ServiceSpec spec = new ServiceSpec();
    spec.setTemplate(template);
    Service s = new Service();
    s.getMetadata().setNamespace("team-a");
    s.getMetadata().setName("hello");
    s.setSpec(spec);
    return s;
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
    store.upsertService(service("one"));
    Service first = store.service(HELLO).orElseThrow();
    first.setStatus(new ServiceStatus());
    first.getStatus().setUrl("https://svc-x.run.localhost");
    store.updateStatus(first);

    store.upsertService(service("one"));
    store.upsertService(service("two"));

    Service now = store.service(HELLO).orElseThrow();
    assertThat(first.getMetadata().getUid()).isNotBlank();
    assertThat(now.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(now.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    assertThat(now.getStatus().getUrl()).isEqualTo("https://svc-x.run.localhost");
    assertThat(heard)
        .containsExactly("service team-a/hello", "service team-a/hello", "service team-a/hello");
  }

  @Test
  void aStatusWrittenFromAStaleCopyIsRefused() {
    store.upsertService(service("one"));
    Service stale = store.service(HELLO).orElseThrow();
    store.upsertService(service("two"));

    assertThatThrownBy(() -> store.updateStatus(stale)).isInstanceOf(StaleResourceException.class);
  }

  @Test
  void readsAreCopiesThatDoNotChangeTheStore() {
    store.upsertService(service("one"));
    store.service(HELLO).orElseThrow().getMetadata().setName("changed");

    assertThat(store.service(HELLO).orElseThrow().getMetadata().getName()).isEqualTo("hello");
  }

  @Test
  void deletingAServiceDeletesItsRevisions() {
    store.upsertService(service("one"));
    assertThat(store.createRevision(revision("hello-00001")).isNew()).isTrue();
    assertThat(store.createRevision(revision("hello-00001")).isNew()).isFalse();

    store.deleteService("team-a", "hello");

    assertThat(store.serviceKeys()).isEmpty();
    assertThat(store.revisionKeys()).isEmpty();
    assertThat(heard)
        .endsWith("service team-a/hello deleted", "revision team-a/hello-00001 deleted");
  }
}
