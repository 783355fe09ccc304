package net.evroclabs.run.scaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  @Test
  void quantileInterpolatesInsideTheBucketLikePrometheus() {
    long[] counts = new long[LatencyBuckets.BOUNDS.length + 1];
    counts[LatencyBuckets.index(95)] = 50; // (90, 100]
    counts[LatencyBuckets.index(110)] = 50; // (100, 120]

    assertThat(LatencyBuckets.quantile(0.5, counts)).isEqualTo(100);
    assertThat(LatencyBuckets.quantile(0.75, counts)).isCloseTo(110, within(1e-9));
  }

  @Test
  void anEmptyHistogramHasNoQuantile() {
    assertThat(LatencyBuckets.quantile(0.95, new long[LatencyBuckets.BOUNDS.length + 1])).isNaN();
  }
}
