package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivatorMetricsTest {

  private static final RevisionKey GONE = RevisionKey.parse("team-a/hello-00001");
  private static final RevisionKey KEPT = RevisionKey.parse("team-a/hello-00002");

  @Test
  void aForgottenRevisionLeavesNoSeriesAndTheOthersKeepTheirs() {
    ActivatorMetrics metrics = new ActivatorMetrics(Map::of);
    for (RevisionKey key : new RevisionKey[] {GONE, KEPT}) {
      metrics.queueWait(key, 1_000_000);
      metrics.coldStart(key, 2_000_000);
      metrics.overflow(key);
      metrics.timeout(key);
    }

    metrics.forget(GONE);

    String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("revision=\"team-a/hello-00001\"");
    assertThat(text)
        .contains("run_activator_queue_wait_seconds_count{revision=\"team-a/hello-00002\"} 1")
        .contains("run_activator_cold_start_seconds_count{revision=\"team-a/hello-00002\"} 1")
        .contains("run_activator_queue_overflow_total{revision=\"team-a/hello-00002\"} 1")
        .contains("run_activator_timeouts_total{revision=\"team-a/hello-00002\"} 1");
  }
}
