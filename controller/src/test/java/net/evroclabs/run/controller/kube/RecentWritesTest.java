package net.evroclabs.run.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import net.evroclabs.run.controller.ResourceKey;
import org.junit.jupiter.api.Test;

class RecentWritesTest {

  private static final ResourceKey KEY = new ResourceKey("team-a", "hello");

  private final AtomicLong nanos = new AtomicLong();
  private final RecentWrites<ConfigMap> writes =
      new RecentWrites<>(Duration.ofSeconds(30), nanos::get);

  private static ConfigMap version(String rv) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName("hello")
        .withResourceVersion(rv)
        .endMetadata()
        .build();
  }

  @Test
  void aWriteAheadOfTheCacheIsRead() {
    ConfigMap written = version("12");
    writes.put(written);

    assertThat(writes.newest(KEY, version("11"))).isSameAs(written);
    assertThat(writes.newest(KEY, null)).isSameAs(written);
  }

  @Test
  void theCacheWinsOnceItCaughtUpAndTheEntryEnds() {
    writes.put(version("12"));
    ConfigMap cached = version("15");

    assertThat(writes.newest(KEY, cached)).isSameAs(cached);
    assertThat(writes.pending()).isEmpty();
  }

  @Test
  void anEntryEndsAfterItsTimeToLive() {
    writes.put(version("12"));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    ConfigMap cached = version("11");

    assertThat(writes.newest(KEY, cached)).isSameAs(cached);
  }

  @Test
  void versionsThatAreNotNumbersAreNotRemembered() {
    writes.put(version("abc"));

    assertThat(writes.pending()).isEmpty();
  }

  @Test
  void expiredEntriesOfKeysNobodyReadsAgainAreSweptOnLaterWrites() {
    writes.put(version("12"));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());

    writes.put(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName("other")
            .withResourceVersion("20")
            .endMetadata()
            .build());

    assertThat(writes.size()).isEqualTo(1);
    assertThat(writes.pending())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("other");
  }
}
