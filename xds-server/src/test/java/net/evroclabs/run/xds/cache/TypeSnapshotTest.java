package net.evroclabs.run.xds.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeSnapshotTest {

  private static Cluster cluster(String name, int connectTimeoutSeconds) {
    return Cluster.newBuilder()
        .setName(name)
        .setConnectTimeout(
            com.google.protobuf.Duration.newBuilder().setSeconds(connectTimeoutSeconds))
        .build();
  }

  private final TypeSnapshot first =
      TypeSnapshot.empty(XdsType.CLUSTERS, "e-0")
          .next(List.of(cluster("a", 1), cluster("b", 1)), "e-1");

  @Test
  void equalResourcesKeepTheSnapshotAndItsVersion() {
    TypeSnapshot again = first.next(List.of(cluster("a", 1), cluster("b", 1)), "e-2");

    assertThat(again).isSameAs(first);
    assertThat(again.version()).isEqualTo("e-1");
  }

  @Test
  void aChangedResourceGetsTheNewVersionAndTheOthersKeepTheirs() {
    TypeSnapshot next = first.next(List.of(cluster("a", 1), cluster("b", 2)), "e-2");

    assertThat(next.version()).isEqualTo("e-2");
    assertThat(next.resourceVersions()).containsEntry("a", "e-1").containsEntry("b", "e-2");
    assertThat(next.byName().get("a")).isSameAs(first.byName().get("a"));
  }

  @Test
  void aRemovedResourceChangesTheTypeVersion() {
    TypeSnapshot next = first.next(List.of(cluster("a", 1)), "e-2");

    assertThat(next.version()).isEqualTo("e-2");
    assertThat(next.byName()).containsOnlyKeys("a");
  }

  @Test
  void versionsCompareByTheirSequenceWithinOneEpoch() {
    Versions v = new Versions("abc");

    assertThat(v.sequenceOf(v.of(42))).isEqualTo(42);
    assertThat(v.sequenceOf("abd-42")).isEqualTo(-1);
    assertThat(v.sequenceOf(null)).isEqualTo(-1);
  }
}
