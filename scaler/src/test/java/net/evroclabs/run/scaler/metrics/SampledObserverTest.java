package net.evroclabs.run.scaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Observation;
import org.junit.jupiter.api.Test;

class SampledObserverTest {

  private static final RevisionKey HELLO = new RevisionKey("team-a", "hello-00001");
  private static final RevisionKey OTHER = new RevisionKey("team-a", "other-00001");

  private final Map<String, SampledObserver.Counters> now = new HashMap<>();
  private final SampledObserver observer =
      new SampledObserver(() -> Map.copyOf(now), Duration.ofSeconds(60), Duration.ofSeconds(6));

  /** {@code requests} started and completed so far, all at {@code latencyMs}, {@code inFlight}. */
  private void counters(long requests, double latencyMs, double inFlight, double held) {
    long[] buckets = new long[LatencyBuckets.BOUNDS.length + 1];
    buckets[LatencyBuckets.index(latencyMs)] = requests;
    now.put(HELLO.toString(), new SampledObserver.Counters(requests, buckets, inFlight, held));
  }

  @Test
  void windowsComeFromTheIncreaseBetweenScrapes() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int s = 0; s <= 60; s++) {
      counters(10L * s, 45, 2, 0);
      observer.sample(t0.plusSeconds(s));
    }

    Observation o = observer.observe(Map.of(HELLO, 0.95), t0.plusSeconds(60)).of(HELLO);

    assertThat(o.stable().requestRate()).isCloseTo(10, within(1e-9));
    assertThat(o.panic().requestRate()).isCloseTo(10, within(1e-9));
    assertThat(o.stable().inFlight()).isCloseTo(2, within(1e-9));
    assertThat(o.stable().latencyMs()).isBetween(40.0, 50.0);
  }

  @Test
  void thePanicWindowSeesABurstTheStableWindowDilutes() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    long total = 0;
    for (int s = 0; s <= 60; s++) {
      total += s > 54 ? 100 : 1;
      counters(total, 10, 0, 3);
      observer.sample(t0.plusSeconds(s));
    }

    Observation o = observer.observe(Map.of(HELLO, 0.5), t0.plusSeconds(60)).of(HELLO);

    assertThat(o.panic().requestRate()).isGreaterThan(5 * o.stable().requestRate());
    assertThat(o.held()).isEqualTo(3);
  }

  @Test
  void aRevisionWithoutCountersIsIdleNotMissing() {
    Observation o = observer.observe(Map.of(OTHER, 0.95), Instant.EPOCH).of(OTHER);

    assertThat(o.hasData()).isTrue();
    assertThat(o.recentlyActive()).isFalse();
  }

  @Test
  void countersMustHaveOneCountPerBucket() {
    assertThatThrownBy(() -> new SampledObserver.Counters(1, new long[3], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latencyCounts has 3 buckets");
  }
}
