package net.evroclabs.run.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.controller.ChangeFeed;
import net.evroclabs.run.controller.Controller;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.LeaderElection;
import net.evroclabs.run.controller.PublishedRoutes;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.networkpolicy.TenantSources;
import org.junit.jupiter.api.Test;

/** The controller over ports that are not Kubernetes, as the local mode runs it. */
class ControllerWiringTest {

  /** Tells the controller about changes when the test says so. */
  static final class ManualFeed implements ChangeFeed {
    final List<Consumer<ResourceKey>> services = new CopyOnWriteArrayList<>();
    final List<Consumer<ResourceKey>> revisions = new CopyOnWriteArrayList<>();

    @Override
    public void subscribe(Consumer<ResourceKey> s, Consumer<ResourceKey> r) {
      services.add(s);
      revisions.add(r);
    }

    void serviceChanged(ResourceKey key) {
      services.forEach(c -> c.accept(key));
    }

    void revisionChanged(ResourceKey key) {
      revisions.forEach(c -> c.accept(key));
    }
  }

  @Test
  void soleInstanceLeadsAtOnceAndReconcilesWhatTheFeedReports() {
    InMemoryServiceStore store = new InMemoryServiceStore();
    ManualFeed feed = new ManualFeed();
    PrometheusRegistry registry = new PrometheusRegistry();
    Controller controller =
        Controller.start(
            store,
            new ServiceReconcilerTest.FakeWorkloads(),
            (subject, type, reason, message) -> {},
            feed,
            LeaderElection.sole(),
            new PublishedRoutes(),
            new InMemoryNetworkPolicyStore(),
            TenantSources.defaults(),
            PlatformConfig.defaults(),
            ControllerOptions.defaults("local", "local"),
            Clock.systemUTC(),
            registry);
    try {
      assertThat(controller.leading()).isTrue();
      ContainerSpec c = new ContainerSpec();
      c.setImage("registry.example/hello:1.0");
      RevisionTemplate t = new RevisionTemplate();
      t.setContainer(c);
      ServiceSpec spec = new ServiceSpec();
      spec.setTemplate(t);
      Service s = new Service();
      s.setMetadata(
          new ObjectMetaBuilder()
              .withName("hello")
              .withNamespace("local")
              .withGeneration(1L)
              .build());
      s.setSpec(spec);
      store.put(s);
      ResourceKey hello = new ResourceKey("local", "hello");

      feed.serviceChanged(hello);
      await().atMost(Duration.ofSeconds(5)).until(() -> !store.revisionKeys().isEmpty());
      feed.revisionChanged(new ResourceKey("local", "hello-00001"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  !store
                      .revision(new ResourceKey("local", "hello-00001"))
                      .get()
                      .getStatus()
                      .getConditions()
                      .isEmpty());
      feed.serviceChanged(hello);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                Service now = store.service(hello).get();
                return now.getStatus() != null
                    && now.getStatus().condition(Conditions.READY) != null
                    && now.getStatus().condition(Conditions.READY).isTrue();
              });
      assertThat(registry.scrape().stream().map(m -> m.getMetadata().getName()))
          .contains("run_controller_reconciles", "run_controller_leader");
    } finally {
      controller.close();
    }
    assertThat(controller.leading()).isFalse();
  }
}
