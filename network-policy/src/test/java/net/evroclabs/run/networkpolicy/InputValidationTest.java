package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a message naming the field and the value. */
class InputValidationTest {

  private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "x");

  @Test
  void componentNeedsAPodSelector() {
    assertThatThrownBy(() -> new Component("gateway", Map.of(), List.of(8443), 15090))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "gateway.podLabels = {}, must have at least one label; an empty selector selects"
                + " every pod");
  }

  @Test
  void componentPortsMustBeValidAndDistinct() {
    assertThatThrownBy(() -> new Component("scaler", LABELS, List.of(0), 9090))
        .hasMessage("scaler.servingPorts[0] = 0, must be between 1 and 65535");
    assertThatThrownBy(() -> new Component("scaler", LABELS, List.of(), 9090))
        .hasMessage("scaler.servingPorts = [], must list at least one port");
    assertThatThrownBy(() -> new Component("scaler", LABELS, List.of(8080, 8080), 9090))
        .hasMessage("scaler.servingPorts[1] = 8080, is listed twice");
    assertThatThrownBy(() -> new Component("scaler", LABELS, List.of(8080), 70000))
        .hasMessage("scaler.metricsPort = 70000, must be between 1 and 65535");
  }

  @Test
  void aComponentMayServeMetricsOnItsServingPort() {
    assertThat(new Component("scaler", LABELS, List.of(8080), 8080).metricsPort()).isEqualTo(8080);
  }

  @Test
  void labelKeysAndValuesFollowKubernetesSyntax() {
    assertThatThrownBy(() -> new Component("gateway", Map.of("bad key", "x"), List.of(1), 2))
        .hasMessageStartingWith("gateway.podLabels has the label key \"bad key\"");
    assertThatThrownBy(() -> new Component("gateway", Map.of("app", "-x-"), List.of(1), 2))
        .hasMessageStartingWith("gateway.podLabels[app] = \"-x-\", must be empty or");
    assertThat(new Component("gateway", Map.of("example.com/app", ""), List.of(1), 2).podLabels())
        .containsEntry("example.com/app", "");
  }

  @Test
  void componentsMayNotShareASelector() {
    Component sameAsGateway =
        new Component("activator", Fixtures.SYSTEM.gateway().podLabels(), List.of(8012), 9090);

    assertThatThrownBy(
            () ->
                new SystemTopology(
                    "run-system",
                    Fixtures.SYSTEM.gateway(),
                    sameAsGateway,
                    Fixtures.SYSTEM.xdsServer(),
                    Fixtures.SYSTEM.scaler(),
                    Fixtures.SYSTEM.monitoringNamespaceLabels(),
                    Fixtures.SYSTEM.prometheus(),
                    Fixtures.SYSTEM.dns(),
                    Fixtures.API_SERVER))
        .hasMessage(
            "activator.podLabels = {app.kubernetes.io/name=gateway}, the same as gateway.podLabels;"
                + " each component needs its own selector");
  }

  @Test
  void systemNamespaceMustBeADnsLabel() {
    assertThatThrownBy(
            () ->
                new SystemTopology(
                    "Run_System",
                    Fixtures.SYSTEM.gateway(),
                    Fixtures.SYSTEM.activator(),
                    Fixtures.SYSTEM.xdsServer(),
                    Fixtures.SYSTEM.scaler(),
                    Fixtures.SYSTEM.monitoringNamespaceLabels(),
                    Fixtures.SYSTEM.prometheus(),
                    Fixtures.SYSTEM.dns(),
                    Fixtures.API_SERVER))
        .hasMessageStartingWith("system namespace = \"Run_System\", must be a DNS label");
  }

  @Test
  void monitoringNamespaceSelectorMayNotBeEmpty() {
    assertThatThrownBy(
            () ->
                new SystemTopology(
                    "run-system",
                    Fixtures.SYSTEM.gateway(),
                    Fixtures.SYSTEM.activator(),
                    Fixtures.SYSTEM.xdsServer(),
                    Fixtures.SYSTEM.scaler(),
                    Map.of(),
                    Fixtures.SYSTEM.prometheus(),
                    Fixtures.SYSTEM.dns(),
                    Fixtures.API_SERVER))
        .hasMessageStartingWith("monitoringNamespaceLabels = {}");
  }

  @Test
  void apiServerNeedsAddressesAndPorts() {
    assertThatThrownBy(() -> new ApiServer(List.of(), List.of(6443)))
        .hasMessage("apiServer.cidrs = [], must list the API server's endpoint addresses");
    assertThatThrownBy(() -> new ApiServer(List.of(Cidr.parse("10.0.0.1/32")), List.of(-1)))
        .hasMessage("apiServer.ports[0] = -1, must be between 1 and 65535");
  }

  @Test
  void remotePodsNeedSelectorsAndPorts() {
    assertThatThrownBy(
            () -> new RemotePods("prometheus", Map.of(), LABELS, List.of(Port.tcp(9090))))
        .hasMessageStartingWith("prometheus.namespaceLabels = {}");
    assertThatThrownBy(() -> new RemotePods("dns", LABELS, LABELS, List.of()))
        .hasMessage("dns.ports = [], must list at least one port");
  }

  @Test
  void revisionNamesAndPortsAreChecked() {
    assertThatThrownBy(() -> new RevisionPort("Hello_1", 8080))
        .hasMessageStartingWith("revision = \"Hello_1\", must be a DNS label");
    assertThatThrownBy(() -> new RevisionPort("hello-00001", 65536))
        .hasMessage("containerPort of revision hello-00001 = 65536, must be between 1 and 65535");
  }

  @Test
  void aRevisionIsListedOncePerNamespace() {
    RevisionPort revision = new RevisionPort("hello-00001", 8080);

    assertThatThrownBy(() -> new TenantNamespace("team-a", List.of(revision, revision)))
        .hasMessage(
            "revision = \"hello-00001\" is listed twice in namespace team-a; list each revision"
                + " once");
  }

  @Test
  void tenantsAreDistinctAndNeverTheSystemNamespace() {
    TenantNamespace teamA = new TenantNamespace("team-a", List.of());

    assertThatThrownBy(() -> new IsolationInput(Fixtures.SYSTEM, List.of(teamA, teamA)))
        .hasMessage("tenant namespace = \"team-a\" is listed twice; list each once");
    assertThatThrownBy(
            () ->
                new IsolationInput(
                    Fixtures.SYSTEM, List.of(new TenantNamespace("run-system", List.of()))))
        .hasMessage(
            "tenant namespace = \"run-system\" is the system namespace; Services cannot run in"
                + " run-system");
  }

  @Test
  void rbacPolicyNameIsChecked() {
    assertThatThrownBy(() -> new WorkloadSourceDenial("Deny Pods", List.of()))
        .hasMessage(
            "policyName = \"Deny Pods\", must be at most 63 lower-case letters, digits and '-'");
  }

  @Test
  void missingValuesAreNamed() {
    assertThatThrownBy(() -> new Port(null, 53)).hasMessage("port protocol = null, must be set");
    assertThatThrownBy(() -> new IsolationInput(null, List.of()))
        .hasMessage("system = null, must be set");
  }
}
