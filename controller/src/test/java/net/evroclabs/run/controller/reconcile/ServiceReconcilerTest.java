package net.evroclabs.run.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.evroclabs.run.api.Autoscaling;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.api.TrafficTarget;
import net.evroclabs.run.controller.ContainerObservation;
import net.evroclabs.run.controller.EventRecorder;
import net.evroclabs.run.controller.PublishedRoutes;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.WorkloadObservation;
import net.evroclabs.run.controller.Workloads;
import net.evroclabs.run.controller.status.ServiceReasons;
import org.junit.jupiter.api.Test;

class ServiceReconcilerTest {

  private static final ResourceKey HELLO = new ResourceKey("team-a", "hello");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);

  private final InMemoryServiceStore store = new InMemoryServiceStore();
  private final FakeWorkloads workloads = new FakeWorkloads();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventRecorder recorder =
      (subject, type, reason, message) -> events.add(reason + " " + subject.key().name());
  private final ServiceReconciler services =
      new ServiceReconciler(
          store, workloads, recorder, new PublishedRoutes(), PlatformConfig.defaults(), CLOCK);
  private final RevisionReconciler revisions =
      new RevisionReconciler(store, workloads, recorder, PlatformConfig.defaults(), CLOCK);

  /** Workloads in memory: ready when {@code ready} says so. */
  static final class FakeWorkloads implements Workloads {
    final Map<ResourceKey, Integer> replicas = new ConcurrentHashMap<>();
    final Map<ResourceKey, Boolean> ready = new ConcurrentHashMap<>();

    @Override
    public void ensure(Revision revision, int initialReplicas) {
      replicas.putIfAbsent(
          new ResourceKey(revision.getMetadata().getNamespace(), revision.getMetadata().getName()),
          initialReplicas);
    }

    @Override
    public Optional<WorkloadObservation> observe(ResourceKey revision) {
      Integer n = replicas.get(revision);
      if (n == null) {
        return Optional.empty();
      }
      int available = ready.getOrDefault(revision, true) ? n : 0;
      return Optional.of(
          new WorkloadObservation(
              n, available, available, false, List.of(ContainerObservation.running())));
    }

    @Override
    public void stop(ResourceKey revision) {
      replicas.put(revision, 0);
    }

    @Override
    public void delete(ResourceKey revision) {
      replicas.remove(revision);
    }
  }

  private static ServiceSpec spec(String image) {
    ContainerSpec c = new ContainerSpec();
    c.setImage(image);
    RevisionTemplate t = new RevisionTemplate();
    t.setContainer(c);
    ServiceSpec s = new ServiceSpec();
    s.setTemplate(t);
    return s;
  }

  private void apply(ServiceSpec spec, long generation) {
    Service s = new Service();
    Service current = store.get(HELLO);
    s.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello")
            .withNamespace("team-a")
            .withGeneration(generation)
            .withUid(current == null ? null : current.getMetadata().getUid())
            .build());
    s.setSpec(spec);
    s.setStatus(current == null ? null : current.getStatus());
    store.put(s);
  }

  /** Reconciles the Service and its revisions until nothing changes. */
  private void settle() {
    for (int i = 0; i < 5; i++) {
      services.reconcile(HELLO);
      for (ResourceKey r : store.revisionKeys()) {
        revisions.reconcile(r);
      }
    }
  }

  private Service hello() {
    return store.get(HELLO);
  }

  private List<String> revisionNames() {
    List<String> out = new ArrayList<>();
    store.revisionsOf(HELLO).forEach(r -> out.add(r.getMetadata().getName()));
    return out;
  }

  @Test
  void repeatedReconcilesCreateOneRevisionPerTemplateChange() {
    apply(spec("registry.example/hello:1"), 1);
    settle();
    settle();
    apply(spec("registry.example/hello:2"), 2);
    settle();

    assertThat(revisionNames()).containsExactly("hello-00001", "hello-00002");
    assertThat(hello().getStatus().getTraffic().get(0).getRevisionName()).isEqualTo("hello-00002");
    assertThat(events.stream().filter(e -> e.startsWith("RevisionCreated"))).hasSize(2);
  }

  @Test
  void changingBackToAnEarlierTemplateIsAChangeAndMakesANewRevision() {
    apply(spec("registry.example/hello:1"), 1);
    settle();
    apply(spec("registry.example/hello:2"), 2);
    settle();
    apply(spec("registry.example/hello:1"), 3);
    settle();

    assertThat(revisionNames()).containsExactly("hello-00001", "hello-00002", "hello-00003");
  }

  @Test
  void autoscalingAndTrafficChangesCreateNoRevision() {
    apply(spec("registry.example/hello:1"), 1);
    settle();
    ServiceSpec changed = spec("registry.example/hello:1");
    Autoscaling a = new Autoscaling();
    a.setMaxScale(50);
    changed.setAutoscaling(a);
    changed.setTraffic(List.of(TrafficTarget.pinned("hello-00001", 100).withTag("stable")));
    apply(changed, 2);
    settle();

    assertThat(revisionNames()).containsExactly("hello-00001");
    assertThat(hello().getStatus().getTraffic().get(0).getTag()).isEqualTo("stable");
    assertThat(hello().getStatus().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void concurrentReconcilesOfOneServiceCreateNoDuplicate() throws Exception {
    apply(spec("registry.example/hello:1"), 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        runs.add(pool.submit(() -> services.reconcile(HELLO)));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(revisionNames()).containsExactly("hello-00001");
  }

  @Test
  void writeConflictsAreRetriedWithAFreshRead() {
    apply(spec("registry.example/hello:1"), 1);
    store.conflictsToInject.set(2);

    services.reconcile(HELLO);

    assertThat(hello().getStatus()).isNotNull();
    assertThat(hello().getStatus().getLatestCreatedRevisionName()).isEqualTo("hello-00001");
  }

  @Test
  void settledServiceIsNotWrittenAgain() {
    apply(spec("registry.example/hello:1"), 1);
    settle();
    int writes = store.statusWrites.get();

    settle();

    assertThat(store.statusWrites.get()).isEqualTo(writes);
  }

  @Test
  void invalidSpecIsReportedOnceAndNotRetried() {
    ServiceSpec bad = spec("registry.example/hello:1");
    bad.getTemplate().setTimeoutSeconds(0);
    apply(bad, 1);

    Outcome outcome = services.reconcile(HELLO);

    assertThat(outcome).isEqualTo(Outcome.done());
    Condition ready = hello().getStatus().condition(Conditions.READY);
    assertThat(ready.getReason()).isEqualTo(ServiceReasons.INVALID_SPEC);
    assertThat(ready.getMessage()).contains("spec.template.timeoutSeconds = 0");
    assertThat(revisionNames()).isEmpty();
  }

  @Test
  void initialReplicasAreMinScaleButAtLeastOne() {
    ServiceSpec spec = spec("registry.example/hello:1");
    Autoscaling a = new Autoscaling();
    a.setMinScale(4);
    a.setMaxScale(10);
    spec.setAutoscaling(a);
    apply(spec, 1);
    settle();

    assertThat(workloads.replicas).containsEntry(new ResourceKey("team-a", "hello-00001"), 4);
  }

  @Test
  void newRevisionTakesLatestTrafficOnlyOnceReady() {
    apply(spec("registry.example/hello:1"), 1);
    settle();
    workloads.ready.put(new ResourceKey("team-a", "hello-00002"), false);
    apply(spec("registry.example/hello:2"), 2);
    settle();
    assertThat(hello().getStatus().getTraffic().get(0).getRevisionName()).isEqualTo("hello-00001");

    workloads.ready.put(new ResourceKey("team-a", "hello-00002"), true);
    settle();

    assertThat(hello().getStatus().getTraffic().get(0).getRevisionName()).isEqualTo("hello-00002");
    assertThat(events).contains("TrafficShifted hello");
  }
}
