package net.evroclabs.run.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

  private final RestartBackoff backoff =
      new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));

  @Test
  void delaysDoubleUpToTheMaximum() {
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delay(20)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aLongRunResetsTheCount() {
    assertThat(backoff.crashesAfter(5, Duration.ofSeconds(1))).isEqualTo(6);
    assertThat(backoff.crashesAfter(5, Duration.ofSeconds(61))).isEqualTo(1);
  }
}
