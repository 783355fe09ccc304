package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Endpoint;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.External;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Namespace;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Pod;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.SoftAssertions;

/** The isolation guarantees hold for any set of tenants, revisions and ports. */
class IsolationPropertiesTest {

  private record Layout(List<TenantNamespace> tenants) {}

  @Provide
  Arbitrary<Layout> layouts() {
    Arbitrary<Integer> port = Arbitraries.integers().between(1024, 65535);
    Arbitrary<List<Integer>> ports = port.list().ofMinSize(0).ofMaxSize(4);
    return ports
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(
            perNamespace -> {
              List<TenantNamespace> tenants = new ArrayList<>();
              for (int n = 0; n < perNamespace.size(); n++) {
                List<RevisionPort> revisions = new ArrayList<>();
                for (int r = 0; r < perNamespace.get(n).size(); r++) {
                  revisions.add(
                      new RevisionPort("svc" + r + "-0000" + (n + 1), perNamespace.get(n).get(r)));
                }
                tenants.add(new TenantNamespace("tenant-" + n, revisions));
              }
              return new Layout(tenants);
            });
  }

  @Property(tries = 100)
  void workloadsTalkOnlyToGatewayAndActivatorOnTheirOwnPort(@ForAll("layouts") Layout layout) {
    SystemTopology system = Fixtures.SYSTEM;
    NetworkPolicyEvaluator cluster =
        new NetworkPolicyEvaluator(
            IsolationPolicies.build(new IsolationInput(system, layout.tenants())));
    Namespace runSystem = Namespace.named("run-system");
    Pod gateway = new Pod("gateway", runSystem, system.gateway().podLabels(), "10.0.0.1");
    Pod activator = new Pod("activator", runSystem, system.activator().podLabels(), "10.0.0.2");
    Pod scaler = new Pod("scaler", runSystem, system.scaler().podLabels(), "10.0.0.3");

    Map<Pod, Integer> workloads = new LinkedHashMap<>();
    int host = 1;
    for (TenantNamespace tenant : layout.tenants()) {
      for (RevisionPort revision : tenant.revisions()) {
        Pod pod =
            new Pod(
                revision.revision(),
                Namespace.named(tenant.name()),
                Map.of(PolicyParts.REVISION_LABEL, revision.revision()),
                "10.1.0." + host++);
        workloads.put(pod, revision.containerPort());
      }
    }
    List<Endpoint> others = new ArrayList<>(List.of(gateway, activator, scaler));
    others.add(new External("internet", "198.51.100.1"));
    others.add(new External("api-server", "172.18.0.2"));
    others.addAll(workloads.keySet());
    Set<Integer> ports = new HashSet<>(workloads.values());
    ports.addAll(List.of(53, 443, 6443, 8080, 8443));

    SoftAssertions softly = new SoftAssertions();
    for (var workload : workloads.entrySet()) {
      Pod pod = workload.getKey();
      for (Endpoint other : others) {
        if (other.equals(pod)) {
          continue;
        }
        for (int number : ports) {
          for (Port port : List.of(Port.tcp(number), Port.udp(number))) {
            boolean shouldReach =
                (other.equals(gateway) || other.equals(activator))
                    && port.equals(Port.tcp(workload.getValue()));
            softly
                .assertThat(cluster.allows(other, pod, port))
                .as("%s -> %s:%s", other.name(), pod.name(), port)
                .isEqualTo(shouldReach);
            softly
                .assertThat(cluster.allows(pod, other, port))
                .as("%s -> %s:%s", pod.name(), other.name(), port)
                .isFalse();
          }
        }
      }
    }
    softly.assertAll();
  }

  @Property(tries = 30)
  void tenantPoliciesStayInTheirNamespacesAndLeaveTheSystemPoliciesAlone(
      @ForAll("layouts") Layout layout) {
    List<NetworkPolicy> system = SystemPolicies.build(Fixtures.SYSTEM);
    List<NetworkPolicy> all =
        IsolationPolicies.build(new IsolationInput(Fixtures.SYSTEM, layout.tenants()));

    List<NetworkPolicy> added = all.stream().filter(policy -> !system.contains(policy)).toList();
    assertThat(all).containsAll(system);
    assertThat(added)
        .allSatisfy(
            policy ->
                assertThat(policy.getMetadata().getNamespace())
                    .isIn(layout.tenants().stream().map(TenantNamespace::name).toList()));
    assertThat(added)
        .hasSize(layout.tenants().stream().mapToInt(t -> 1 + t.revisions().size()).sum());
  }
}
