package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointRegistryTest {

  private static final RevisionKey OLD = RevisionKey.parse("team-a/hello-00001");
  private static final RevisionKey NEW = RevisionKey.parse("team-a/hello-00002");
  private static final RevisionSettings SETTINGS =
      new RevisionSettings(300, 0, RevisionSettings.Protocol.HTTP1);

  private final AtomicLong now = new AtomicLong();
  private final EndpointRegistry registry =
      new EndpointRegistry(
          10, () -> new ReleasePolicy(new Random(1)), Duration.ofSeconds(30), now::get);

  @Test
  void aRevisionGoneFromTheClustersIsStillServedDuringTheGracePeriod() {
    registry.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));
    RevisionDispatcher old = registry.find(OLD);

    registry.applyClusters(Map.of(NEW, SETTINGS));
    now.addAndGet(Duration.ofSeconds(29).toNanos());

    assertThat(registry.find(OLD)).isSameAs(old);
    assertThat(registry.find("team-a/hello-00001")).isSameAs(old);
    assertThat(old.isRemoved()).isFalse();
    assertThat(registry.keys()).containsExactly(NEW);
  }

  @Test
  void afterTheGracePeriodItIsUnknownAndItsHeldRequestsAreToldSo() {
    registry.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));
    RevisionDispatcher old = registry.find(OLD);
    registry.applyClusters(Map.of(NEW, SETTINGS));

    now.addAndGet(Duration.ofSeconds(31).toNanos());

    assertThat(registry.find(OLD)).isNull();
    assertThat(registry.find("team-a/hello-00001")).isNull();
    assertThat(old.isRemoved()).isTrue();
  }

  @Test
  void aRevisionThatComesBackDuringTheGracePeriodKeepsItsDispatcher() {
    registry.applyClusters(Map.of(OLD, SETTINGS));
    RevisionDispatcher old = registry.find(OLD);
    registry.applyClusters(Map.of());

    registry.applyClusters(Map.of(OLD, SETTINGS));
    now.addAndGet(Duration.ofMinutes(5).toNanos());

    assertThat(registry.find(OLD)).isSameAs(old);
    assertThat(old.isRemoved()).isFalse();
  }

  @Test
  void removalIsHeardOnceTheGracePeriodIsOverAndNotForARevisionThatCameBack() {
    List<RevisionKey> heard = new ArrayList<>();
    registry.onRemoved(heard::add);
    registry.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));
    registry.applyClusters(Map.of(NEW, SETTINGS));
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    assertThat(heard).isEmpty();

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    assertThat(heard).containsExactly(OLD);

    registry.applyClusters(Map.of());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    assertThat(heard).containsExactly(OLD);
  }

  @Test
  void aRevisionThatGoesAgainAfterComingBackGetsAFullGracePeriodFromItsSecondGoing() {
    List<RevisionKey> heard = new ArrayList<>();
    registry.onRemoved(heard::add);
    registry.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));
    registry.applyClusters(Map.of(NEW, SETTINGS));
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    registry.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    RevisionDispatcher old = registry.find(OLD);

    // 31 s after it first went, 11 s after it went again.
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    assertThat(heard).isEmpty();
    assertThat(old.isRemoved()).isFalse();

    now.addAndGet(Duration.ofSeconds(20).toNanos());
    registry.applyClusters(Map.of(NEW, SETTINGS));
    assertThat(heard).containsExactly(OLD);
    assertThat(old.isRemoved()).isTrue();
  }

  @Test
  void revisionsWhoseGraceIsOverAreRemovedInTheOrderTheyWent() {
    List<RevisionKey> heard = new ArrayList<>();
    registry.onRemoved(heard::add);
    List<RevisionKey> keys = new ArrayList<>();
    Map<RevisionKey, RevisionSettings> all = new java.util.HashMap<>();
    for (int i = 1; i <= 5; i++) {
      RevisionKey k = RevisionKey.parse("team-a/gone-0000" + i);
      keys.add(k);
      all.put(k, SETTINGS);
    }
    registry.applyClusters(all);
    for (RevisionKey k : keys) {
      all.remove(k);
      registry.applyClusters(Map.copyOf(all));
      now.addAndGet(Duration.ofSeconds(1).toNanos());
    }

    // They went 33, 32, 31, 30 and 29 s ago.
    now.addAndGet(Duration.ofSeconds(28).toNanos());
    registry.applyClusters(Map.of());
    assertThat(heard).containsExactlyElementsOf(keys.subList(0, 3));
    assertThat(registry.find(keys.get(3))).isNotNull();
  }

  @Test
  void aChangeTouchesOnlyTheRevisionsItNames() {
    RevisionKey third = RevisionKey.parse("team-a/hello-00003");
    RevisionSettings longer = new RevisionSettings(600, 1, RevisionSettings.Protocol.HTTP1);
    registry.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));
    RevisionDispatcher old = registry.find(OLD);
    RevisionDispatcher current = registry.find(NEW);

    registry.applyClusterChanges(Map.of(third, SETTINGS, NEW, longer), List.of(OLD));

    assertThat(registry.keys()).containsExactlyInAnyOrder(NEW, third);
    assertThat(registry.find(NEW)).isSameAs(current);
    assertThat(current.settings()).isEqualTo(longer);
    assertThat(registry.find(OLD)).isSameAs(old);
    assertThat(old.isRemoved()).isFalse();

    now.addAndGet(Duration.ofSeconds(31).toNanos());
    registry.applyClusterChanges(Map.of(), List.of());
    assertThat(old.isRemoved()).isTrue();
    assertThat(registry.find(OLD)).isNull();
    assertThat(registry.keys()).containsExactlyInAnyOrder(NEW, third);
  }

  @Test
  void aRevisionRemovedAndAddedAgainInOneChangeStays() {
    registry.applyClusters(Map.of(OLD, SETTINGS));
    RevisionDispatcher old = registry.find(OLD);

    registry.applyClusterChanges(Map.of(OLD, SETTINGS), List.of(OLD));
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    registry.applyClusterChanges(Map.of(), List.of());

    assertThat(registry.keys()).containsExactly(OLD);
    assertThat(registry.find(OLD)).isSameAs(old);
    assertThat(old.isRemoved()).isFalse();
  }

  @Test
  void aChangeBringsTheRevisionARequestWaitsFor() {
    registry.applyClusters(Map.of(OLD, SETTINGS));
    List<RevisionDispatcher> found = new ArrayList<>();
    assertThat(registry.await(NEW, found::add)).isTrue();
    assertThat(found).isEmpty();

    registry.applyClusterChanges(Map.of(NEW, SETTINGS), List.of());

    assertThat(found).containsExactly(registry.find(NEW));
    assertThat(registry.waitingCount()).isZero();
  }

  @Test
  void theScalerIsToBePokedOnlyForARevisionThatHoldsRequestsWithoutAReadyPod() {
    registry.applyClusters(Map.of(OLD, SETTINGS));
    assertThat(registry.holdsColdRequests(OLD)).isFalse();
    assertThat(registry.holdsColdRequests(NEW)).isFalse();

    RevisionDispatcher d = registry.find(OLD);
    d.admit(
        new RevisionDispatcher.PendingRequest() {
          @Override
          public void dispatch(Endpoint endpoint, boolean held) {}

          @Override
          public void revisionRemoved() {}
        });
    assertThat(registry.holdsColdRequests(OLD)).isTrue();

    registry.applyEndpoints(Map.of(OLD, List.of(new Endpoint("10.0.0.1", 8080))));
    assertThat(registry.holdsColdRequests(OLD)).isFalse();
  }

  @Test
  void withoutAGracePeriodRemovalIsHeardAtOnce() {
    EndpointRegistry noGrace =
        new EndpointRegistry(10, () -> new ReleasePolicy(new Random(1)), Duration.ZERO, now::get);
    List<RevisionKey> heard = new ArrayList<>();
    noGrace.onRemoved(heard::add);
    noGrace.applyClusters(Map.of(OLD, SETTINGS, NEW, SETTINGS));

    noGrace.applyClusters(Map.of(NEW, SETTINGS));

    assertThat(heard).containsExactly(OLD);
  }
}
