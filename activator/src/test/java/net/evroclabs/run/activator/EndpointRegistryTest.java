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
