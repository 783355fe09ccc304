package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

class TranslationPropertiesTest {

  private static PgvValidator validator;

  @Provide
  Arbitrary<RoutingModel> models() {
    return RandomModels.models();
  }

  @Property
  void weightsOfEveryWeightedRouteSumTo100(@ForAll("models") RoutingModel model) {
    EnvoyConfig config = EnvoyTranslator.translateOnce(model);
    for (RouteConfiguration routes : allRouteConfigurations(config)) {
      for (VirtualHost host : routes.getVirtualHostsList()) {
        host.getRoutesList().stream()
            .filter(r -> r.getRoute().hasWeightedClusters())
            .forEach(
                r ->
                    assertThat(
                            r.getRoute().getWeightedClusters().getClustersList().stream()
                                .mapToInt(c -> c.getWeight().getValue())
                                .sum())
                        .as(host.getName())
                        .isEqualTo(100));
      }
    }
  }

  @Property
  void everyReferencedClusterRouteAndSecretExists(@ForAll("models") RoutingModel model)
      throws Exception {
    EnvoyConfig config = EnvoyTranslator.translateOnce(model);
    GroupResources gateway = config.gateway();
    Set<String> clusters =
        new HashSet<>(gateway.clusters().stream().map(Cluster::getName).toList());
    for (RouteConfiguration routes : allRouteConfigurations(config)) {
      for (VirtualHost host : routes.getVirtualHostsList()) {
        host.getRoutesList().stream()
            .filter(r -> r.getRoute().hasWeightedClusters())
            .flatMap(r -> r.getRoute().getWeightedClusters().getClustersList().stream())
            .map(WeightedCluster.ClusterWeight::getName)
            .forEach(name -> assertThat(clusters).contains(name));
      }
    }
    Set<String> routeNames =
        new HashSet<>(gateway.routes().stream().map(RouteConfiguration::getName).toList());
    Set<String> secrets = new HashSet<>(gateway.secrets().stream().map(Secret::getName).toList());
    for (FilterChain chain : chains(gateway)) {
      HttpConnectionManager hcm =
          chain.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
      if (hcm.hasRds()) {
        assertThat(routeNames).contains(hcm.getRds().getRouteConfigName());
      }
      DownstreamTlsContext tls =
          chain.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
      tls.getCommonTlsContext()
          .getTlsCertificateSdsSecretConfigsList()
          .forEach(sds -> assertThat(secrets).contains(sds.getName()));
    }
    for (NodeGroup group : NodeGroup.values()) {
      config.group(group).snapshot("1").ensureConsistent();
    }
  }

  @Property
  void everyClusterHasAnAssignmentInEveryGroup(@ForAll("models") RoutingModel model) {
    EnvoyConfig config = EnvoyTranslator.translateOnce(model);
    for (NodeGroup group : NodeGroup.values()) {
      GroupResources resources = config.group(group);
      assertThat(resources.endpoints().stream().map(ClusterLoadAssignment::getClusterName))
          .containsExactlyElementsOf(resources.clusters().stream().map(Cluster::getName).toList());
    }
  }

  @Property
  void noDomainOrServerNameAppearsTwice(@ForAll("models") RoutingModel model) {
    EnvoyConfig config = EnvoyTranslator.translateOnce(model);
    List<String> domains = new ArrayList<>();
    for (RouteConfiguration routes : config.gateway().routes()) {
      for (VirtualHost host : routes.getVirtualHostsList()) {
        host.getDomainsList().stream().filter(d -> !d.equals("*")).forEach(domains::add);
      }
    }
    assertThat(domains).doesNotHaveDuplicates();
    List<String> serverNames = new ArrayList<>();
    chains(config.gateway())
        .forEach(c -> serverNames.addAll(c.getFilterChainMatch().getServerNamesList()));
    assertThat(serverNames).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(domains);
    assertThat(config.proxyless().listeners().stream().map(Listener::getName))
        .containsExactlyInAnyOrderElementsOf(domains);
  }

  @Property
  void clientSuppliedRunHeadersAreRemovedOnEveryVirtualHost(@ForAll("models") RoutingModel model) {
    EnvoyConfig config = EnvoyTranslator.translateOnce(model);
    for (RouteConfiguration routes : allRouteConfigurations(config)) {
      for (VirtualHost host : routes.getVirtualHostsList()) {
        assertThat(host.getRequestHeadersToRemoveList())
            .as(host.getName())
            .containsAll(RunHeaders.RESERVED);
      }
    }
  }

  @Property
  void sameInputGivesByteIdenticalResources(@ForAll("models") RoutingModel model) {
    EnvoyConfig first = EnvoyTranslator.translateOnce(model);
    EnvoyConfig second = EnvoyTranslator.translateOnce(model);
    for (NodeGroup group : NodeGroup.values()) {
      assertThat(bytes(second.group(group).all())).isEqualTo(bytes(first.group(group).all()));
    }
  }

  @Property
  void translatingIncrementallyGivesWhatTranslatingFromScratchGives(
      @ForAll("models") RoutingModel first, @ForAll("models") RoutingModel second) {
    EnvoyTranslator translator = new EnvoyTranslator(first.gateway());
    translator.translate(first);
    EnvoyConfig incremental = translator.translate(second);
    EnvoyConfig scratch = EnvoyTranslator.translateOnce(second);
    for (NodeGroup group : NodeGroup.values()) {
      assertThat(incremental.group(group)).isEqualTo(scratch.group(group));
    }
  }

  @Property(tries = 100)
  void changingServicesOneAtATimeGivesWhatTranslatingFromScratchGives(
      @ForAll("models") RoutingModel model, @ForAll long seed) {
    EnvoyTranslator translator = new EnvoyTranslator(model.gateway());
    translator.translate(model);
    Random random = new Random(seed);
    List<RoutedService> current = new ArrayList<>(model.services());
    for (int step = 0; step < 6; step++) {
      int i = random.nextInt(current.size());
      RoutedService old = current.get(i);
      String label = old.host().substring(0, old.host().indexOf('.'));
      RoutedService next = RandomModels.service(random, old.namespace(), old.name(), label);
      translator.putService(next);
      current.set(i, next);

      assertSameAsFromScratch(translator, model, current);
    }
  }

  @Property(tries = 100)
  void changingReadyPodsOneRevisionAtATimeGivesWhatTranslatingFromScratchGives(
      @ForAll("models") RoutingModel model, @ForAll long seed) {
    EnvoyTranslator translator = new EnvoyTranslator(model.gateway());
    translator.translate(model);
    Random random = new Random(seed);
    List<RoutedService> current = new ArrayList<>(model.services());
    for (int step = 0; step < 8; step++) {
      int i = random.nextInt(current.size());
      RoutedService old = current.get(i);
      int r = random.nextInt(old.revisions().size());
      RevisionRoute revision = old.revisions().get(r);
      // None (cold), or one to three pods: scale to zero, from zero, up and down.
      List<Endpoint> pods = new ArrayList<>();
      int count = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(3);
      for (int p = 0; p < count; p++) {
        pods.add(new Endpoint("10.7." + step + "." + (p + 1), 8080 + random.nextInt(2)));
      }
      List<RevisionRoute> revisions = new ArrayList<>(old.revisions());
      revisions.set(r, revision.withEndpoints(pods));
      RoutedService next =
          new RoutedService(
              old.namespace(), old.name(), old.host(), old.traffic(), old.tags(), revisions);

      assertThat(translator.putEndpoints(old.key(), revision.name(), pods)).isTrue();
      current.set(i, next);

      assertSameAsFromScratch(translator, model, current);
    }
    assertThat(translator.putEndpoints("team-none/none", "none-00001", List.of())).isFalse();
  }

  /** What {@code translator} holds equals translating {@code model} with {@code current}. */
  private static void assertSameAsFromScratch(
      EnvoyTranslator translator, RoutingModel model, List<RoutedService> current) {
    EnvoyConfig incremental = translator.config();
    EnvoyConfig scratch =
        EnvoyTranslator.translateOnce(
            new RoutingModel(
                model.gateway(), current, model.activatorEndpoints(), model.certificates()));
    for (NodeGroup group : NodeGroup.values()) {
      assertThat(incremental.group(group)).isEqualTo(scratch.group(group));
    }
  }

  @Property(tries = 25)
  void everyResourcePassesEnvoysValidationRules(@ForAll("models") RoutingModel model) {
    if (validator == null) {
      validator = PgvValidator.load();
    }
    EnvoyConfig config = EnvoyTranslator.translateOnce(model);
    List<String> violations = new ArrayList<>();
    for (NodeGroup group : NodeGroup.values()) {
      for (Message resource : config.group(group).all()) {
        violations.addAll(validator.violations(resource));
      }
    }
    assertThat(violations).isEmpty();
  }

  @AfterContainer
  static void closeValidator() throws Exception {
    if (validator != null) {
      validator.close();
      validator = null;
    }
  }

  private static List<RouteConfiguration> allRouteConfigurations(EnvoyConfig config) {
    List<RouteConfiguration> all = new ArrayList<>(config.gateway().routes());
    for (Listener l : config.proxyless().listeners()) {
      try {
        all.add(
            l.getApiListener()
                .getApiListener()
                .unpack(HttpConnectionManager.class)
                .getRouteConfig());
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return all;
  }

  private static List<FilterChain> chains(GroupResources gateway) {
    Listener https =
        gateway.listeners().stream()
            .filter(l -> l.getName().equals(Names.HTTPS_LISTENER))
            .findFirst()
            .orElseThrow();
    return https.getFilterChainsList();
  }

  private static List<ByteString> bytes(List<Message> resources) {
    return resources.stream().map(Message::toByteString).toList();
  }
}
