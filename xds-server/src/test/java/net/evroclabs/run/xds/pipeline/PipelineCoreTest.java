package net.evroclabs.run.xds.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.Fixtures;
import net.evroclabs.run.xds.Fixtures.Share;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.TypeSnapshot;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsType;
import org.junit.jupiter.api.Test;

class PipelineCoreTest {

  private final Versions versions = new Versions("t");
  private final PipelineCore core = new PipelineCore(GatewaySettings.defaults(), 8012, versions);

  private PipelineCore.Build synced(List<Change> changes) {
    List<Change> all = new ArrayList<>(changes);
    all.add(new Change.Synced());
    return core.process(all).orElseThrow();
  }

  private static ClusterLoadAssignment assignment(
      PipelineCore.Build build, NodeGroup group, String cluster) {
    return (ClusterLoadAssignment)
        build.snapshots().get(group).type(XdsType.ENDPOINTS).byName().get(cluster);
  }

  private static List<Change> threeServices() {
    List<Change> changes = new ArrayList<>();
    changes.addAll(Fixtures.serviceWithPods("team-a", "alpha", 2, 3, 10));
    changes.addAll(Fixtures.serviceWithPods("team-a", "beta", 2, 3, 100));
    changes.addAll(Fixtures.serviceWithPods("team-b", "gamma", 1, 2, 200));
    changes.add(new Change.ActivatorUpserted("activator-0", "10.9.0.1"));
    return changes;
  }

  @Test
  void nothingIsBuiltBeforeTheInformersHaveSynced() {
    assertThat(core.process(threeServices())).isEmpty();
    assertThat(core.current().get(NodeGroup.GATEWAY).type(XdsType.CLUSTERS).ordered()).isEmpty();
  }

  @Test
  void theFirstBuildAfterSyncHoldsEveryService() {
    PipelineCore.Build b = synced(threeServices());

    GroupSnapshot gateway = b.snapshots().get(NodeGroup.GATEWAY);
    assertThat(gateway.type(XdsType.CLUSTERS).byName().keySet())
        .containsExactlyInAnyOrder(
            "team-a/alpha-00001",
            "team-a/alpha-00002",
            "team-a/beta-00001",
            "team-a/beta-00002",
            "team-b/gamma-00001");
    assertThat(gateway.type(XdsType.ROUTES).byName().keySet())
        .containsExactlyInAnyOrder(
            "routes/team-a/alpha", "routes/team-a/beta", "routes/team-b/gamma");
    assertThat(b.records()).containsOnlyKeys("team-a/alpha", "team-a/beta", "team-b/gamma");
  }

  @Test
  void aPodTurningReadyChangesOnlyThatRevisionsEndpoints() {
    GroupSnapshot before = synced(threeServices()).snapshots().get(NodeGroup.GATEWAY);

    PipelineCore.Build b =
        core.process(
                List.of(
                    new Change.PodUpserted(
                        "team-a", "alpha-00001-pod-9", "alpha-00001", "10.0.0.99")))
            .orElseThrow();

    GroupSnapshot after = b.snapshots().get(NodeGroup.GATEWAY);
    for (XdsType t :
        List.of(XdsType.CLUSTERS, XdsType.LISTENERS, XdsType.ROUTES, XdsType.SECRETS)) {
      assertThat(after.type(t)).as(t.toString()).isSameAs(before.type(t));
    }
    TypeSnapshot eds = after.type(XdsType.ENDPOINTS);
    TypeSnapshot oldEds = before.type(XdsType.ENDPOINTS);
    assertThat(eds.version()).isNotEqualTo(oldEds.version());
    for (String name : eds.byName().keySet()) {
      if (name.equals("team-a/alpha-00001")) {
        assertThat(eds.resourceVersions().get(name)).isEqualTo(eds.version());
      } else {
        assertThat(eds.resourceVersions().get(name))
            .as(name)
            .isEqualTo(oldEds.resourceVersions().get(name));
        assertThat(eds.byName().get(name)).isSameAs(oldEds.byName().get(name));
      }
    }
    ClusterLoadAssignment cla = (ClusterLoadAssignment) eds.byName().get("team-a/alpha-00001");
    assertThat(cla.getEndpoints(0).getLbEndpointsCount()).isEqualTo(4);
  }

  @Test
  void readyPodsAloneRecordNoNewRoutesAndFollowScaleToZeroAndBack() {
    synced(threeServices());
    List<Change> toZero = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      toZero.add(new Change.PodDeleted("team-a", "alpha-00001-pod-" + p));
    }

    PipelineCore.Build zero = core.process(toZero).orElseThrow();
    PipelineCore.Build back =
        core.process(
                List.of(
                    new Change.PodUpserted(
                        "team-a", "alpha-00001-pod-7", "alpha-00001", "[127.0.0.1]:41000")))
            .orElseThrow();

    assertThat(zero.records()).isEmpty();
    assertThat(back.records()).isEmpty();
    assertThat(zero.snapshots().get(NodeGroup.GATEWAY).type(XdsType.ROUTES))
        .isSameAs(back.snapshots().get(NodeGroup.GATEWAY).type(XdsType.ROUTES));
    ClusterLoadAssignment cla = assignment(back, NodeGroup.ACTIVATOR, "team-a/alpha-00001");
    assertThat(cla.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress())
        .satisfies(
            a -> {
              assertThat(a.getAddress()).isEqualTo("127.0.0.1");
              assertThat(a.getPortValue()).isEqualTo(41000);
            });
  }

  @Test
  void aPodAddressThatCannotBeUsedFailsItsServiceLikeAnyOtherInput() {
    synced(threeServices());

    PipelineCore.Build b =
        core.process(
                List.of(
                    new Change.PodUpserted(
                        "team-a", "alpha-00001-pod-8", "alpha-00001", "[127.0.0.1:41000")))
            .orElseThrow();

    assertThat(b.failures()).isEqualTo(1);
    assertThat(b.records().get("team-a/alpha").failure())
        .contains("must be an address or [address]:port");
  }

  @Test
  void aChangeThatChangesNothingKeepsEverySnapshot() {
    Map<NodeGroup, GroupSnapshot> before = synced(threeServices()).snapshots();

    PipelineCore.Build b =
        core.process(Fixtures.serviceWithPods("team-a", "alpha", 2, 3, 10)).orElseThrow();

    for (NodeGroup g : NodeGroup.values()) {
      assertThat(b.snapshots().get(g)).as(g.toString()).isSameAs(before.get(g));
    }
    assertThat(core.process(List.of(new Change.PodDeleted("team-a", "no-such-pod")))).isEmpty();
  }

  @Test
  void aServiceThatCannotBeRoutedKeepsItsLastGoodRoutes() {
    GroupSnapshot before = synced(threeServices()).snapshots().get(NodeGroup.GATEWAY);

    PipelineCore.Build b = core.process(List.of(alpha(2, 60, 60))).orElseThrow();

    assertThat(b.failures()).isEqualTo(1);
    assertThat(b.records().get("team-a/alpha").failure()).contains("sum to 120");
    assertThat(b.snapshots().get(NodeGroup.GATEWAY)).isSameAs(before);
  }

  @Test
  void aRevisionWithoutReadyPodsSendsGatewaysToTheActivatorWhileTheActivatorSeesNoPods() {
    synced(threeServices());

    PipelineCore.Build b =
        core.process(
                List.of(
                    new Change.PodDeleted("team-b", "gamma-00001-pod-0"),
                    new Change.PodDeleted("team-b", "gamma-00001-pod-1")))
            .orElseThrow();

    ClusterLoadAssignment gateway = assignment(b, NodeGroup.GATEWAY, "team-b/gamma-00001");
    ClusterLoadAssignment activator = assignment(b, NodeGroup.ACTIVATOR, "team-b/gamma-00001");
    assertThat(
            gateway
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress()
                .getAddress())
        .isEqualTo("10.9.0.1");
    assertThat(activator.getEndpointsList()).isEmpty();
  }

  @Test
  void deletingAServiceRemovesItsResourcesAndReportsIt() {
    synced(threeServices());

    PipelineCore.Build b =
        core.process(List.of(new Change.ServiceDeleted("team-b", "gamma"))).orElseThrow();

    Map<String, ?> clusters = b.snapshots().get(NodeGroup.GATEWAY).type(XdsType.CLUSTERS).byName();
    assertThat(clusters).doesNotContainKey("team-b/gamma-00001").hasSize(4);
    assertThat(b.removed()).containsExactly("team-b/gamma");
  }

  @Test
  void aServiceWhoseRevisionIsNotSeenYetWaitsWithoutFailing() {
    synced(threeServices());

    var b =
        core.process(
            List.of(
                new Change.ServiceUpserted(
                    Fixtures.service("team-c", "delta", 1, Share.of("delta-00001", 100)))));

    assertThat(b).isEmpty();
  }

  @Test
  void aTrafficChangeChangesTheRoutesButNotTheClusters() {
    GroupSnapshot before = synced(threeServices()).snapshots().get(NodeGroup.GATEWAY);

    PipelineCore.Build b = core.process(List.of(alpha(2, 20, 80))).orElseThrow();

    GroupSnapshot after = b.snapshots().get(NodeGroup.GATEWAY);
    assertThat(after.type(XdsType.ROUTES).version())
        .isNotEqualTo(before.type(XdsType.ROUTES).version());
    assertThat(after.type(XdsType.CLUSTERS)).isSameAs(before.type(XdsType.CLUSTERS));
    assertThat(b.records().get("team-a/alpha").generation()).isEqualTo(2);
  }

  /** team-a/alpha at {@code generation}, its two revisions at the percents given. */
  private static Change alpha(long generation, int first, int second) {
    return new Change.ServiceUpserted(
        Fixtures.service(
            "team-a",
            "alpha",
            generation,
            Share.of("alpha-00001", first),
            Share.of("alpha-00002", second)));
  }

  private Object alphaRoutes() {
    return core.current()
        .get(NodeGroup.GATEWAY)
        .type(XdsType.ROUTES)
        .resource("routes/team-a/alpha");
  }

  @Test
  void aServiceWhoseRoutesAGatewayRejectsIsServedAsBeforeUntilItChanges() {
    synced(threeServices());
    Object first = alphaRoutes();
    core.process(List.of(alpha(2, 20, 80))).orElseThrow();
    Object rejected = alphaRoutes();

    PipelineCore.Build rollback =
        core.process(List.of(new Change.RoutesRejected("team-a/alpha", 2))).orElseThrow();

    assertThat(rejected).isNotEqualTo(first);
    assertThat(alphaRoutes()).isEqualTo(first);
    assertThat(rollback.records()).doesNotContainKey("team-a/alpha");

    PipelineCore.Build fixed = core.process(List.of(alpha(3, 50, 50))).orElseThrow();

    assertThat(alphaRoutes()).isNotEqualTo(first).isNotEqualTo(rejected);
    assertThat(fixed.records().get("team-a/alpha").generation()).isEqualTo(3);
  }

  @Test
  void aRejectionOfAGenerationNoLongerServedChangesNothing() {
    synced(threeServices());
    core.process(List.of(alpha(2, 20, 80))).orElseThrow();
    Object served = alphaRoutes();

    assertThat(core.process(List.of(new Change.RoutesRejected("team-a/alpha", 1)))).isEmpty();
    assertThat(alphaRoutes()).isSameAs(served);
  }

  @Test
  void aNewServiceWhoseFirstRoutesAreRejectedIsNotServedUntilItChanges() {
    synced(threeServices());
    core.process(Fixtures.serviceWithPods("team-c", "delta", 1, 1, 300)).orElseThrow();

    core.process(List.of(new Change.RoutesRejected("team-c/delta", 1))).orElseThrow();

    GroupSnapshot gateway = core.current().get(NodeGroup.GATEWAY);
    assertThat(gateway.type(XdsType.ROUTES).byName()).doesNotContainKey("routes/team-c/delta");
    assertThat(gateway.type(XdsType.ROUTES).byName()).containsKey("routes/team-a/alpha");
  }
}
