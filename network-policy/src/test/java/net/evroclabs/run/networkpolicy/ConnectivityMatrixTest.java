package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Endpoint;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.External;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Namespace;
import net.evroclabs.run.networkpolicy.NetworkPolicyEvaluator.Pod;
import org.junit.jupiter.api.Test;

/**
 * Every connection between the endpoints of a small cluster, on every port that matters, evaluated
 * over the generated policies with Kubernetes NetworkPolicy semantics.
 */
class ConnectivityMatrixTest {

  // Namespaces.
  private static final Namespace RUN_SYSTEM = Namespace.named("run-system");
  private static final Namespace TEAM_A = Namespace.named("team-a");
  private static final Namespace TEAM_B = Namespace.named("team-b");
  private static final Namespace KUBE_SYSTEM = Namespace.named("kube-system");
  private static final Namespace MONITORING = Namespace.named("monitoring");
  private static final Namespace DEFAULT = Namespace.named("default");

  // The platform.
  private static final Pod GATEWAY = component("gateway", "10.244.0.10");
  private static final Pod ACTIVATOR = component("activator", "10.244.0.11");
  private static final Pod XDS_SERVER = component("xds-server", "10.244.0.12");
  private static final Pod SCALER = component("scaler", "10.244.0.13");

  // Workloads: two revisions of one service and another service in team-a, one in team-b.
  private static final Pod HELLO_1 = workload(TEAM_A, "hello", "hello-00001", "10.244.1.1");
  private static final Pod HELLO_2 = workload(TEAM_A, "hello", "hello-00002", "10.244.1.2");
  private static final Pod SHOP_1 = workload(TEAM_A, "shop", "shop-00001", "10.244.1.3");
  private static final Pod API_1 = workload(TEAM_B, "api", "api-00001", "10.244.2.1");
  private static final Map<Pod, Integer> CONTAINER_PORTS =
      Map.of(HELLO_1, 8080, HELLO_2, 8081, SHOP_1, 9000, API_1, 8080);

  // The rest of the cluster and the world.
  private static final Pod DNS =
      new Pod("kube-dns", KUBE_SYSTEM, Map.of("k8s-app", "kube-dns"), "10.244.3.1");
  private static final Pod PROMETHEUS =
      new Pod(
          "prometheus", MONITORING, Map.of("app.kubernetes.io/name", "prometheus"), "10.244.4.1");
  private static final Pod STRANGER =
      new Pod("stranger", DEFAULT, Map.of("app", "x"), "10.244.5.1");
  private static final Pod TENANT_DEBUG_POD =
      new Pod("debug", TEAM_A, Map.of("app", "debug"), "10.244.1.9");
  private static final External INTERNET = new External("internet", "203.0.113.7");
  private static final External API_SERVER = new External("api-server", "172.18.0.2");
  private static final External NODE = new External("node", "172.18.0.5");

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          GATEWAY,
          ACTIVATOR,
          XDS_SERVER,
          SCALER,
          HELLO_1,
          HELLO_2,
          SHOP_1,
          API_1,
          DNS,
          PROMETHEUS,
          STRANGER,
          TENANT_DEBUG_POD,
          INTERNET,
          API_SERVER,
          NODE);
  private static final Set<Endpoint> PLATFORM = Set.of(GATEWAY, ACTIVATOR, XDS_SERVER, SCALER);
  private static final Set<Endpoint> WORKLOADS = Set.copyOf(CONTAINER_PORTS.keySet());

  private static final List<Port> PORTS =
      List.of(
          Port.udp(53),
          Port.tcp(53),
          Port.tcp(22),
          Port.tcp(80),
          Port.tcp(443),
          Port.tcp(6443),
          Port.tcp(8012),
          Port.tcp(8080),
          Port.tcp(8081),
          Port.tcp(8443),
          Port.tcp(9000),
          Port.tcp(9090),
          Port.tcp(9091),
          Port.tcp(15090),
          Port.tcp(18000));

  private static final SystemTopology SYSTEM =
      SystemTopology.defaults(new ApiServer(List.of(Cidr.parse("172.18.0.2/32")), List.of(6443)));

  private static final NetworkPolicyEvaluator CLUSTER =
      new NetworkPolicyEvaluator(
          IsolationPolicies.build(
              new IsolationInput(
                  SYSTEM,
                  List.of(
                      new TenantNamespace(
                          "team-a",
                          List.of(
                              new RevisionPort("hello-00001", 8080),
                              new RevisionPort("hello-00002", 8081),
                              new RevisionPort("shop-00001", 9000))),
                      new TenantNamespace(
                          "team-b", List.of(new RevisionPort("api-00001", 8080)))))));

  private static Pod component(String name, String ip) {
    return new Pod(name, RUN_SYSTEM, Map.of("app.kubernetes.io/name", name), ip);
  }

  private static Pod workload(Namespace namespace, String service, String revision, String ip) {
    return new Pod(
        revision,
        namespace,
        Map.of("run.evroclabs.net/service", service, "run.evroclabs.net/revision", revision),
        ip);
  }

  private static boolean allowed(Endpoint from, Endpoint to, Port port) {
    return CLUSTER.allows(from, to, port);
  }

  /** The connections the design allows where the platform or a workload is at one end. */
  private static Set<String> expectedAllowed() {
    Set<String> allowed = new LinkedHashSet<>();
    // Anyone whose own egress is not restricted reaches the gateway's listeners.
    for (Endpoint source :
        List.of(INTERNET, API_SERVER, NODE, DNS, PROMETHEUS, STRANGER, TENANT_DEBUG_POD)) {
      allowed.add(cell(source, GATEWAY, Port.tcp(8080)));
      allowed.add(cell(source, GATEWAY, Port.tcp(8443)));
    }
    // Gateway and activator reach every workload on its container port.
    for (Pod workload : CONTAINER_PORTS.keySet()) {
      allowed.add(cell(GATEWAY, workload, Port.tcp(CONTAINER_PORTS.get(workload))));
      allowed.add(cell(ACTIVATOR, workload, Port.tcp(CONTAINER_PORTS.get(workload))));
    }
    allowed.add(cell(GATEWAY, ACTIVATOR, Port.tcp(8012)));
    allowed.add(cell(GATEWAY, XDS_SERVER, Port.tcp(18000)));
    allowed.add(cell(ACTIVATOR, XDS_SERVER, Port.tcp(18000)));
    allowed.add(cell(ACTIVATOR, SCALER, Port.tcp(8080)));
    allowed.add(cell(SCALER, PROMETHEUS, Port.tcp(9090)));
    allowed.add(cell(SCALER, API_SERVER, Port.tcp(6443)));
    allowed.add(cell(XDS_SERVER, API_SERVER, Port.tcp(6443)));
    // Every component resolves names and is scraped from the monitoring namespace.
    for (Endpoint component : List.of(GATEWAY, ACTIVATOR, XDS_SERVER, SCALER)) {
      allowed.add(cell(component, DNS, Port.udp(53)));
      allowed.add(cell(component, DNS, Port.tcp(53)));
    }
    allowed.add(cell(PROMETHEUS, GATEWAY, Port.tcp(9000)));
    allowed.add(cell(PROMETHEUS, ACTIVATOR, Port.tcp(9090)));
    allowed.add(cell(PROMETHEUS, XDS_SERVER, Port.tcp(9091)));
    allowed.add(cell(PROMETHEUS, SCALER, Port.tcp(8080)));
    return allowed;
  }

  private static String cell(Endpoint from, Endpoint to, Port port) {
    return from.name()
        + " -> "
        + to.name()
        + ":"
        + port.number()
        + "/"
        + port.protocol().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void everyCellTouchingThePlatformOrAWorkloadIsAsDesigned() {
    Set<String> expected = expectedAllowed();
    List<String> wronglyAllowed = new ArrayList<>();
    List<String> wronglyDenied = new ArrayList<>();
    Map<Boolean, Integer> counted = new HashMap<>();
    for (Endpoint from : ENDPOINTS) {
      for (Endpoint to : ENDPOINTS) {
        boolean governed =
            PLATFORM.contains(from)
                || PLATFORM.contains(to)
                || WORKLOADS.contains(from)
                || WORKLOADS.contains(to);
        if (from.equals(to) || !governed) {
          continue;
        }
        for (Port port : PORTS) {
          String cell = cell(from, to, port);
          boolean allowed = allowed(from, to, port);
          counted.merge(allowed, 1, Integer::sum);
          if (allowed && !expected.contains(cell)) {
            wronglyAllowed.add(cell);
          }
          if (!allowed && expected.contains(cell)) {
            wronglyDenied.add(cell);
          }
        }
      }
    }

    assertThat(wronglyAllowed).as("allowed but should be denied").isEmpty();
    assertThat(wronglyDenied).as("denied but should be allowed").isEmpty();
    assertThat(counted.get(true)).as("allowed cells").isEqualTo(expected.size());
    assertThat(counted.get(false)).as("denied cells").isGreaterThan(2_000);
  }

  @Test
  void internetCannotReachAWorkloadOnAnyPort() {
    for (Port port : PORTS) {
      assertThat(allowed(INTERNET, HELLO_1, port)).as(cell(INTERNET, HELLO_1, port)).isFalse();
    }
  }

  @Test
  void gatewayReachesAWorkloadOnItsContainerPortOnly() {
    assertThat(allowed(GATEWAY, HELLO_1, Port.tcp(8080))).isTrue();
    assertThat(allowed(GATEWAY, HELLO_1, Port.tcp(8081))).isFalse();
    assertThat(allowed(GATEWAY, HELLO_1, Port.tcp(9000))).isFalse();
    assertThat(allowed(GATEWAY, HELLO_1, Port.udp(8080))).isFalse();
    assertThat(allowed(GATEWAY, HELLO_2, Port.tcp(8081))).isTrue();
    assertThat(allowed(GATEWAY, HELLO_2, Port.tcp(8080)))
        .as("another revision's port is not this revision's")
        .isFalse();
  }

  @Test
  void activatorReachesAWorkloadOnItsContainerPort() {
    assertThat(allowed(ACTIVATOR, SHOP_1, Port.tcp(9000))).isTrue();
    assertThat(allowed(ACTIVATOR, API_1, Port.tcp(8080))).isTrue();
    assertThat(allowed(ACTIVATOR, SHOP_1, Port.tcp(8080))).isFalse();
  }

  @Test
  void workloadCannotReachAnotherServiceInTheSameNamespace() {
    assertThat(allowed(HELLO_1, SHOP_1, Port.tcp(9000))).isFalse();
    assertThat(allowed(SHOP_1, HELLO_1, Port.tcp(8080))).isFalse();
    assertThat(allowed(HELLO_1, HELLO_2, Port.tcp(8081))).as("not even its own service").isFalse();
  }

  @Test
  void workloadCannotReachAServiceInAnotherNamespace() {
    assertThat(allowed(HELLO_1, API_1, Port.tcp(8080))).isFalse();
    assertThat(allowed(API_1, HELLO_1, Port.tcp(8080))).isFalse();
  }

  @Test
  void workloadHasNoEgressAtAll() {
    for (Endpoint to : List.of(INTERNET, DNS, API_SERVER, NODE, STRANGER, PROMETHEUS)) {
      for (Port port : PORTS) {
        assertThat(allowed(HELLO_1, to, port)).as(cell(HELLO_1, to, port)).isFalse();
      }
    }
  }

  @Test
  void workloadCannotReachThePlatform() {
    for (Endpoint to : PLATFORM) {
      for (Port port : PORTS) {
        assertThat(allowed(API_1, to, port)).as(cell(API_1, to, port)).isFalse();
      }
    }
  }

  @Test
  void otherPodsOfATenantNamespaceCannotReachItsWorkloads() {
    assertThat(allowed(TENANT_DEBUG_POD, HELLO_1, Port.tcp(8080))).isFalse();
    assertThat(allowed(STRANGER, HELLO_1, Port.tcp(8080))).isFalse();
  }

  @Test
  void systemPathsAreAllowedAsDesigned() {
    assertThat(allowed(INTERNET, GATEWAY, Port.tcp(8443))).isTrue();
    assertThat(allowed(INTERNET, GATEWAY, Port.tcp(8080))).isTrue();
    assertThat(allowed(GATEWAY, ACTIVATOR, Port.tcp(8012))).isTrue();
    assertThat(allowed(ACTIVATOR, SCALER, Port.tcp(8080))).isTrue();
    assertThat(allowed(GATEWAY, XDS_SERVER, Port.tcp(18000))).isTrue();
    assertThat(allowed(ACTIVATOR, XDS_SERVER, Port.tcp(18000))).isTrue();
    assertThat(allowed(SCALER, PROMETHEUS, Port.tcp(9090))).isTrue();
    assertThat(allowed(SCALER, API_SERVER, Port.tcp(6443))).isTrue();
    assertThat(allowed(XDS_SERVER, API_SERVER, Port.tcp(6443))).isTrue();
    assertThat(allowed(PROMETHEUS, ACTIVATOR, Port.tcp(9090))).isTrue();
  }

  @Test
  void systemPathsOutsideTheDesignAreDenied() {
    assertThat(allowed(INTERNET, ACTIVATOR, Port.tcp(8012))).isFalse();
    assertThat(allowed(INTERNET, XDS_SERVER, Port.tcp(18000))).isFalse();
    assertThat(allowed(INTERNET, GATEWAY, Port.tcp(15090)))
        .as("stats only for monitoring")
        .isFalse();
    assertThat(allowed(STRANGER, XDS_SERVER, Port.tcp(18000))).isFalse();
    assertThat(allowed(STRANGER, ACTIVATOR, Port.tcp(9090)))
        .as("not the monitoring namespace")
        .isFalse();
    assertThat(allowed(SCALER, XDS_SERVER, Port.tcp(18000))).isFalse();
    assertThat(allowed(GATEWAY, SCALER, Port.tcp(8080))).isFalse();
    assertThat(allowed(GATEWAY, API_SERVER, Port.tcp(6443))).isFalse();
    assertThat(allowed(ACTIVATOR, API_SERVER, Port.tcp(6443))).isFalse();
    assertThat(allowed(SCALER, INTERNET, Port.tcp(443))).isFalse();
    assertThat(allowed(XDS_SERVER, PROMETHEUS, Port.tcp(9090))).isFalse();
    assertThat(allowed(SCALER, API_SERVER, Port.tcp(443))).as("only the endpoint port").isFalse();
  }
}
