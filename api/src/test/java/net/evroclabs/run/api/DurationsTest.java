package net.evroclabs.run.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesUnitsAndCombinations() {
    assertThat(Durations.parse("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsNegativeBareAndUnknownUnits() {
    for (String bad : new String[] {"-5s", "60", "5d", "", "1.5s", "s"}) {
      assertThat(Durations.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> Durations.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void formatsInTheShortestExactUnitAndRoundTrips() {
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
    for (long ms : new long[] {0, 1, 999, 1000, 61_000, 3_600_000, 5_400_000}) {
      Duration d = Duration.ofMillis(ms);
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }
}
