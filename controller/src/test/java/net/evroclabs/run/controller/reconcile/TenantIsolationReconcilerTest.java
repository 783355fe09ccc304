package net.evroclabs.run.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.networkpolicy.TenantSources;
import org.junit.jupiter.api.Test;

class TenantIsolationReconcilerTest {

  private final InMemoryServiceStore store = new InMemoryServiceStore();
  private final InMemoryNetworkPolicyStore policies = new InMemoryNetworkPolicyStore();
  private final TenantIsolationReconciler reconciler =
      new TenantIsolationReconciler(store, policies, TenantSources.defaults());

  private void service(String ns, String name) {
    Service s = new Service();
    s.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    store.put(s);
  }

  private void revision(String ns, String service, String name, Integer port) {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/x:1");
    c.setPort(port);
    RevisionSpec spec = new RevisionSpec();
    spec.setContainer(c);
    Revision r = new Revision();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .withLabels(Map.of(Labels.SERVICE, service))
            .build());
    r.setSpec(spec);
    store.createRevision(r);
  }

  @Test
  void aNamespaceWithAServiceGetsDenyAllAndOneIngressPolicyPerRevisionOnItsPort() {
    service("team-a", "hello");
    revision("team-a", "hello", "hello-00001", null);
    revision("team-a", "hello", "hello-00002", 9000);
    revision("team-b", "other", "other-00001", 8080);

    reconciler.reconcile("team-a");

    assertThat(policies.names())
        .containsExactlyInAnyOrder(
            "team-a/run-workloads-deny-all",
            "team-a/run-revision-hello-00001",
            "team-a/run-revision-hello-00002");
    assertThat(
            policies
                .managed("team-a")
                .get("run-revision-hello-00002")
                .getSpec()
                .getIngress()
                .get(0)
                .getPorts()
                .get(0)
                .getPort()
                .getIntVal())
        .isEqualTo(9000);
    assertThat(
            policies
                .managed("team-a")
                .get("run-revision-hello-00001")
                .getSpec()
                .getIngress()
                .get(0)
                .getPorts()
                .get(0)
                .getPort()
                .getIntVal())
        .as("an unset port is the default 8080")
        .isEqualTo(8080);
  }

  @Test
  void reconcilingAgainWithoutChangesWritesNothing() {
    service("team-a", "hello");
    revision("team-a", "hello", "hello-00001", 8080);
    reconciler.reconcile("team-a");
    int writes = policies.writes.size();

    reconciler.reconcile("team-a");

    assertThat(policies.writes).hasSize(writes);
  }

  @Test
  void aDeletedRevisionsPolicyIsPrunedAndAnEmptiedNamespaceLosesEveryPolicy() {
    service("team-a", "hello");
    revision("team-a", "hello", "hello-00001", 8080);
    revision("team-a", "hello", "hello-00002", 8080);
    reconciler.reconcile("team-a");

    store.deleteRevision(new ResourceKey("team-a", "hello-00001"));
    reconciler.reconcile("team-a");
    assertThat(policies.names())
        .containsExactlyInAnyOrder(
            "team-a/run-workloads-deny-all", "team-a/run-revision-hello-00002");

    store.serviceKeys().forEach(store::deleteService);
    reconciler.reconcile("team-a");
    assertThat(policies.names()).isEmpty();
  }
}
