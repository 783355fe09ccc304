package net.evroclabs.run.xds.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  void aChangeInPlaceKeepsTheOtherInstancesAndVersions() {
    TypeSnapshot next = first.next(List.of(first.byName().get("a"), cluster("b", 2)), "e-2");
    TypeSnapshot equalCopy = next.next(List.of(cluster("a", 1), next.byName().get("b")), "e-3");

    assertThat(next.resourceVersions()).containsEntry("a", "e-1").containsEntry("b", "e-2");
    assertThat(next.ordered()).hasSize(2);
    assertThat(next.ordered().get(1)).isEqualTo(cluster("b", 2));
    assertThat(next.changedSince(first)).contains(Set.of("b"));
    assertThat(equalCopy).isSameAs(next);
  }

  @Test
  void resourcesThatMoveSlotsAreMatchedByName() {
    TypeSnapshot swapped = first.next(List.of(cluster("b", 1), cluster("a", 3)), "e-2");

    assertThat(swapped.resourceVersions()).containsEntry("a", "e-2").containsEntry("b", "e-1");
    assertThat(swapped.byName().get("b")).isSameAs(first.byName().get("b"));
    assertThat(swapped.changedSince(first)).contains(Set.of("a"));
  }

  @Test
  void aRemovedResourceChangesTheTypeVersion() {
    TypeSnapshot next = first.next(List.of(cluster("a", 1)), "e-2");

    assertThat(next.version()).isEqualTo("e-2");
    assertThat(next.byName()).containsOnlyKeys("a");
  }

  @Test
  void changedSinceListsTheNamesChangedAddedAndRemovedAcrossSeveralSnapshots() {
    TypeSnapshot second = first.next(List.of(cluster("a", 2), cluster("b", 1)), "e-2");
    TypeSnapshot third = second.next(List.of(cluster("a", 2), cluster("c", 1)), "e-3");

    assertThat(third.changedSince(first)).contains(Set.of("a", "b", "c"));
    assertThat(third.changedSince(second)).contains(Set.of("b", "c"));
    assertThat(third.changedSince(third)).contains(Set.of());
  }

  @Test
  void changedSinceIsUnknownBeyondTheRememberedChangesAndForAnotherLine() {
    TypeSnapshot s = first;
    TypeSnapshot afterFirst = null;
    for (int i = 0; i <= TypeSnapshot.RECENT_CHANGES; i++) {
      s = s.next(List.of(cluster("a", 10 + i), cluster("b", 1)), "e-" + (i + 2));
      afterFirst = afterFirst == null ? s : afterFirst;
    }
    TypeSnapshot otherLine = first.next(List.of(cluster("a", 10), cluster("b", 1)), "other-2");

    assertThat(s.changedSince(first)).isEmpty();
    assertThat(s.changedSince(afterFirst)).contains(Set.of("a"));
    assertThat(s.changedSince(otherLine)).isEmpty();
    assertThat(first.changedSince(s)).isEmpty();
  }

  @Test
  void aChangeOfTooManyNamesIsRememberedAsUnknown() {
    List<Cluster> many = new ArrayList<>();
    for (int i = 0; i <= TypeSnapshot.MAX_REMEMBERED_NAMES; i++) {
      many.add(cluster("c" + i, 1));
    }
    TypeSnapshot big = first.next(many, "e-2");
    TypeSnapshot after = big.next(many.subList(1, many.size()), "e-3");

    assertThat(big.changedSince(first)).isEmpty();
    assertThat(after.changedSince(big)).contains(Set.of("c0"));
    assertThat(after.changedSince(first)).isEmpty();
  }

  @Test
  void theSameListInstanceKeepsTheSnapshotWithoutComparing() {
    List<Cluster> list = List.of(cluster("a", 5));
    TypeSnapshot s = first.next(list, "e-2");

    assertThat(s.next(list, "e-3")).isSameAs(s);
  }

  @Test
  void versionsCompareByTheirSequenceWithinOneEpoch() {
    Versions v = new Versions("abc");

    assertThat(v.sequenceOf(v.of(42))).isEqualTo(42);
    assertThat(v.sequenceOf("abd-42")).isEqualTo(-1);
    assertThat(v.sequenceOf(null)).isEqualTo(-1);
  }
}
