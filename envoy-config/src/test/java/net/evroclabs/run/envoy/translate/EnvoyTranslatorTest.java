package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TrafficTarget;
import org.junit.jupiter.api.Test;

class EnvoyTranslatorTest {

  @Test
  void oneServiceGivesEveryNodeGroupItsViewAndEachSnapshotIsConsistent() throws Exception {
    EnvoyConfig config = EnvoyTranslator.translateOnce(Fixtures.model(Fixtures.hello()));

    GroupResources gateway = config.gateway();
    assertThat(names(gateway.clusters(), c -> c.getName())).containsExactly("team-a/hello-00001");
    assertThat(names(gateway.endpoints(), ClusterLoadAssignment::getClusterName))
        .containsExactly("team-a/hello-00001");
    assertThat(names(gateway.listeners(), l -> l.getName())).containsExactly("https", "http");
    assertThat(names(gateway.routes(), r -> r.getName())).containsExactly("routes/team-a/hello");
    assertThat(names(gateway.secrets(), s -> s.getName())).containsExactly("run-wildcard-tls");

    GroupResources activator = config.activator();
    assertThat(activator.clusters()).isEqualTo(gateway.clusters());
    assertThat(activator.endpoints()).isEqualTo(gateway.endpoints());
    assertThat(activator.listeners()).isEmpty();
    assertThat(activator.routes()).isEmpty();

    GroupResources proxyless = config.proxyless();
    assertThat(names(proxyless.listeners(), l -> l.getName())).containsExactly(Fixtures.HOST);
    assertThat(proxyless.routes()).isEmpty();
    assertThat(
            proxyless
                .listeners()
                .get(0)
                .getApiListener()
                .getApiListener()
                .unpack(HttpConnectionManager.class)
                .getRouteConfig())
        .as("the gateway's virtual hosts without the 421 catch-all, which gRPC refuses")
        .isEqualTo(
            gateway.routes().get(0).toBuilder()
                .removeVirtualHosts(gateway.routes().get(0).getVirtualHostsCount() - 1)
                .clearResponseHeadersToAdd()
                .build());
    assertThat(proxyless.clusters()).isEqualTo(gateway.clusters());

    for (NodeGroup group : NodeGroup.values()) {
      config.group(group).snapshot("1").ensureConsistent();
    }
  }

  @Test
  void revisionAtZeroSendsTheGatewayToTheActivatorAndTheActivatorToNoPods() {
    RoutedService split = Fixtures.helloSplit();
    RoutedService cold =
        new RoutedService(
            split.namespace(),
            split.name(),
            split.host(),
            split.traffic(),
            split.tags(),
            List.of(split.revisions().get(0).withEndpoints(List.of()), split.revisions().get(1)));

    EnvoyConfig config = EnvoyTranslator.translateOnce(Fixtures.model(cold));

    assertThat(config.gateway().endpoints())
        .containsExactly(
            ProtoYaml.parse(
                """
                cluster_name: team-a/hello-00001
                endpoints:
                - load_balancing_weight: 1
                  lb_endpoints:
                  - endpoint: {address: {socket_address: {address: 10.1.0.5, port_value: 8012}}}
                    health_status: HEALTHY
                  - endpoint: {address: {socket_address: {address: 10.1.0.6, port_value: 8012}}}
                    health_status: HEALTHY
                """,
                ClusterLoadAssignment.newBuilder()),
            ProtoYaml.parse(
                """
                cluster_name: team-a/hello-00002
                endpoints:
                - load_balancing_weight: 1
                  lb_endpoints:
                  - endpoint: {address: {socket_address: {address: 10.0.0.9, port_value: 8080}}}
                    health_status: HEALTHY
                """,
                ClusterLoadAssignment.newBuilder()));
    assertThat(config.activator().endpoints())
        .containsExactly(
            ProtoYaml.parse("cluster_name: team-a/hello-00001", ClusterLoadAssignment.newBuilder()),
            config.gateway().endpoints().get(1));
  }

  @Test
  void manyServicesAreOrderedByNamespaceAndNameAndEachHasItsChainRoutesAndClusters()
      throws Exception {
    List<RoutedService> services = new ArrayList<>();
    for (int i = 49; i >= 0; i--) {
      services.add(service("ns-" + (i % 5), "svc-" + i, "h" + i));
    }
    EnvoyConfig config =
        EnvoyTranslator.translateOnce(
            new RoutingModel(
                GatewaySettings.defaults(),
                services,
                Fixtures.ACTIVATOR,
                List.of(Fixtures.CERTIFICATE)));

    List<String> routeNames = names(config.gateway().routes(), r -> r.getName());
    assertThat(routeNames).hasSize(50).isSorted();
    assertThat(config.gateway().listeners().get(0).getFilterChainsCount()).isEqualTo(50);
    assertThat(config.gateway().clusters()).hasSize(50);
    assertThat(config.proxyless().listeners()).hasSize(50);
    config.gateway().snapshot("v").ensureConsistent();
  }

  @Test
  void changingOneServiceReusesEveryResourceOfTheOthersAndTheListener() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    RoutedService other = service("team-b", "other", "other");
    EnvoyConfig before = translator.translate(Fixtures.model(Fixtures.hello(), other));

    RoutedService rolledOut =
        new RoutedService(
            "team-a",
            "hello",
            Fixtures.HOST,
            List.of(new TrafficTarget("hello-00002", 100)),
            List.of(),
            List.of(Fixtures.revision("hello-00002", "10.0.0.9:8080")));
    EnvoyConfig after = translator.translate(Fixtures.model(rolledOut, other));

    assertThat(changed(before.gateway().all(), after.gateway().all()))
        .extracting(EnvoyTranslatorTest::name)
        .containsExactlyInAnyOrder(
            "team-a/hello-00002", "team-a/hello-00002", "routes/team-a/hello");
    assertThat(after.gateway().listeners().get(0))
        .as("the HTTPS listener, whose chains did not change")
        .isSameAs(before.gateway().listeners().get(0));
  }

  @Test
  void aTrafficChangeKeepsTheListsOfUnchangedKindsAsTheSameInstances() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    RoutedService split = Fixtures.helloSplit();
    EnvoyConfig before = translator.translate(Fixtures.model(split, service("team-b", "o", "o")));

    translator.putService(
        new RoutedService(
            split.namespace(),
            split.name(),
            split.host(),
            List.of(new TrafficTarget("hello-00002", 50), new TrafficTarget("hello-00001", 50)),
            split.tags(),
            split.revisions()));
    EnvoyConfig after = translator.config();

    assertThat(after.gateway().clusters()).isSameAs(before.gateway().clusters());
    assertThat(after.gateway().endpoints()).isSameAs(before.gateway().endpoints());
    assertThat(after.activator().endpoints()).isSameAs(before.activator().endpoints());
    assertThat(after.gateway().routes()).isNotSameAs(before.gateway().routes());
    assertThat(after.proxyless().listeners()).isNotSameAs(before.proxyless().listeners());
    assertThat(after.gateway().listeners().get(0)).isSameAs(before.gateway().listeners().get(0));
    assertThat(translator.config().gateway().routes())
        .as("nothing changed since")
        .isSameAs(after.gateway().routes());
  }

  @Test
  void addingAServiceAddsItsChainToTheHttpsListener() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    EnvoyConfig before = translator.translate(Fixtures.model(Fixtures.hello()));
    EnvoyConfig after =
        translator.translate(Fixtures.model(Fixtures.hello(), service("team-b", "other", "o")));

    assertThat(after.gateway().listeners().get(0)).isNotSameAs(before.gateway().listeners().get(0));
    assertThat(after.gateway().listeners().get(0).getFilterChainsList())
        .extracting(c -> c.getName())
        .containsExactly("team-a/hello", "team-b/other");
    assertThat(after.gateway().listeners().get(0).getFilterChains(0))
        .isSameAs(before.gateway().listeners().get(0).getFilterChains(0));
  }

  @Test
  void removingAServiceRemovesAllOfItsResourcesAndFreesItsHosts() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    translator.translate(Fixtures.model(Fixtures.hello()));
    EnvoyConfig after = translator.translate(Fixtures.model());

    assertThat(after.gateway().clusters()).isEmpty();
    assertThat(after.gateway().routes()).isEmpty();
    assertThat(after.gateway().listeners().get(0).getFilterChainsList()).isEmpty();

    RoutedService sameHost =
        new RoutedService(
            "team-c",
            "new",
            Fixtures.HOST,
            Fixtures.hello().traffic(),
            List.of(),
            Fixtures.hello().revisions());
    translator.putService(sameHost);
    assertThat(translator.config().gateway().clusters()).hasSize(1);
  }

  @Test
  void aHostTakenByAnotherServiceIsRefusedAndTheServiceKeepsItsLastTranslation() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    RoutedService other = service("team-b", "other", "other");
    translator.translate(Fixtures.model(Fixtures.hello(), other));
    RoutedService stealing =
        new RoutedService(
            "team-b", "other", Fixtures.HOST, other.traffic(), List.of(), other.revisions());

    assertThatThrownBy(() -> translator.putService(stealing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "host = 'svc-k3x9q2m7ab.run.example.net' of service team-b/other, is already used by"
                + " team-a/hello");
    assertThat(translator.config().proxyless().listeners())
        .extracting(l -> l.getName())
        .containsExactly(Fixtures.HOST, "other.run.example.net");
  }

  @Test
  void aHostMovingFromOneServiceToAnotherInOneModelIsAcceptedWhateverTheOrder() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    RoutedService a = service("team-a", "a", "a");
    RoutedService b = service("team-b", "b", "b");
    String moving = "canary-x.run.example.net";
    RoutedService aWithTag =
        new RoutedService(
            a.namespace(),
            a.name(),
            a.host(),
            a.traffic(),
            List.of(new TagRoute("canary", moving, "a-00001")),
            a.revisions());
    RoutedService bWithTag =
        new RoutedService(
            b.namespace(),
            b.name(),
            b.host(),
            b.traffic(),
            List.of(new TagRoute("canary", moving, "b-00001")),
            b.revisions());
    translator.translate(Fixtures.model(aWithTag, b));

    EnvoyConfig after = translator.translate(Fixtures.model(bWithTag, a));

    assertThat(after.proxyless().listeners())
        .extracting(l -> l.getName())
        .containsExactly("a.run.example.net", "b.run.example.net", moving);
    translator.removeService(a.key());
    assertThat(translator.config().proxyless().listeners())
        .extracting(l -> l.getName())
        .as("removing a must not release b's host")
        .containsExactly("b.run.example.net", moving);
    assertThatThrownBy(() -> translator.putService(aWithTag))
        .hasMessageContaining("is already used by team-b/b");
  }

  @Test
  void newActivatorEndpointsReTranslateOnlyServicesWithARevisionWithoutPods() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    RoutedService warm = Fixtures.hello();
    RoutedService cold = service("team-b", "cold", "cold");
    cold =
        new RoutedService(
            cold.namespace(),
            cold.name(),
            cold.host(),
            cold.traffic(),
            List.of(),
            List.of(cold.revisions().get(0).withEndpoints(List.of())));
    EnvoyConfig before = translator.translate(Fixtures.model(warm, cold));

    translator.setActivatorEndpoints(List.of(new Endpoint("10.1.0.9", 8012)));
    EnvoyConfig after = translator.config();

    assertThat(changed(before.gateway().all(), after.gateway().all()))
        .extracting(EnvoyTranslatorTest::name)
        .containsExactly("team-b/cold-00001");
    assertThat(after.activator().endpoints()).isEqualTo(before.activator().endpoints());
  }

  @Test
  void aPodTurningReadyChangesOnlyItsRevisionsClusterAndAssignments() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    translator.setActivatorEndpoints(List.of(new Endpoint("10.1.0.9", 8012)));
    RoutedService split = Fixtures.helloSplit();
    String cold = split.revisions().get(0).name();
    translator.putService(split);
    assertThat(translator.putEndpoints(split.key(), cold, List.of())).isTrue();
    EnvoyConfig before = translator.config();

    assertThat(translator.putEndpoints(split.key(), cold, List.of(new Endpoint("10.3.0.1", 8080))))
        .isTrue();
    EnvoyConfig after = translator.config();

    List<Message> changed = changed(before.gateway().all(), after.gateway().all());
    assertThat(changed)
        .extracting(EnvoyTranslatorTest::name)
        .as("its pods (and its cluster where being activator-backed shows), nothing else")
        .containsOnly("team-a/" + cold);
    assertThat(changed).hasAtLeastOneElementOfType(ClusterLoadAssignment.class);
    assertThat(after.gateway().routes()).isSameAs(before.gateway().routes());
    assertThat(after.gateway().listeners()).isEqualTo(before.gateway().listeners());
    assertThat(translator.putEndpoints(split.key(), "hello-09999", List.of()))
        .as("a revision the service does not route")
        .isTrue();
    assertThat(translator.config().gateway().all()).isEqualTo(after.gateway().all());
  }

  @Test
  void resourcesOfAServiceAreWhatEachGroupGetsForIt() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    EnvoyConfig config = translator.translate(Fixtures.model(Fixtures.helloSplit()));

    assertThat(translator.resourcesOf("team-a/hello", NodeGroup.GATEWAY))
        .containsExactlyInAnyOrderElementsOf(
            config.gateway().all().stream()
                .filter(m -> !config.gateway().listeners().contains(m))
                .filter(m -> !config.gateway().secrets().contains(m))
                .toList());
    assertThat(translator.resourcesOf("team-a/hello", NodeGroup.PROXYLESS))
        .containsExactlyInAnyOrderElementsOf(config.proxyless().all());
    assertThat(translator.resourcesOf("team-a/hello", NodeGroup.ACTIVATOR))
        .containsExactlyInAnyOrderElementsOf(config.activator().all());
    assertThat(translator.resourcesOf("team-z/none", NodeGroup.GATEWAY)).isEmpty();
  }

  @Test
  void sameModelTwiceGivesTheSameInstances() {
    EnvoyTranslator translator = new EnvoyTranslator(GatewaySettings.defaults());
    EnvoyConfig first = translator.translate(Fixtures.model(Fixtures.helloSplit()));
    EnvoyConfig second = translator.translate(Fixtures.model(Fixtures.helloSplit()));

    assertThat(changed(first.gateway().all(), second.gateway().all())).isEmpty();
  }

  static RoutedService service(String namespace, String name, String hostLabel) {
    String revision = name + "-00001";
    return new RoutedService(
        namespace,
        name,
        hostLabel + ".run.example.net",
        List.of(new TrafficTarget(revision, 100)),
        List.of(),
        List.of(Fixtures.revision(revision, "10.2.0.1:8080")));
  }

  /** Resources of {@code after} that are not the very same instance as in {@code before}. */
  private static List<Message> changed(List<Message> before, List<Message> after) {
    List<Message> changed = new ArrayList<>();
    for (Message m : after) {
      if (before.stream().noneMatch(b -> b == m)) {
        changed.add(m);
      }
    }
    return changed;
  }

  private static String name(Message m) {
    for (String field : List.of("name", "cluster_name")) {
      var descriptor = m.getDescriptorForType().findFieldByName(field);
      if (descriptor != null) {
        return (String) m.getField(descriptor);
      }
    }
    throw new IllegalArgumentException("no name in " + m.getDescriptorForType().getFullName());
  }

  private static <T> List<String> names(List<T> resources, Function<T, String> name) {
    return resources.stream().map(name).toList();
  }
}
