package net.evroclabs.run.scaler.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceFileTest {

  @Test
  void oneRequestPerLineKeepsTimesAndServiceTimes() {
    Arrivals a =
        TraceFile.parse(
            List.of("# recorded at the gateway", "timestamp,service_ms", "0.5,40", "1.25,80"), 1);

    assertThat(a.times()).containsExactly(0.5, 1.25);
    assertThat(a.serviceMs()).containsExactly(40.0, 80.0);
    assertThat(a.lengthSeconds()).isEqualTo(3);
  }

  @Test
  void perIntervalCountsSpreadRequestsInsideEachInterval() {
    Arrivals a = TraceFile.parse(List.of("start,count", "0,10", "10,0", "20,5"), 7);

    assertThat(a.size()).isEqualTo(15);
    assertThat(a.times()).isSorted();
    assertThat(Arrays.stream(a.times()).limit(10)).allMatch(t -> t >= 0 && t < 10);
    assertThat(Arrays.stream(a.times()).skip(10)).allMatch(t -> t >= 20 && t < 30);
    assertThat(a.lengthSeconds()).isEqualTo(30);
  }

  @Test
  void badLinesAreRejectedWithTheLineTheFieldAndTheValue() {
    assertThatThrownBy(() -> TraceFile.parse(List.of("timestamp", "1", "x"), 1))
        .hasMessage("trace line 3: timestamp = x, must be a number >= 0");
    assertThatThrownBy(() -> TraceFile.parse(List.of("timestamp", "2", "1"), 1))
        .hasMessage("trace line 3: timestamp = 1, must not be before 2.0");
    assertThatThrownBy(() -> TraceFile.parse(List.of("start,count", "0,1.5"), 1))
        .hasMessage("trace line 2: count = 1.5, must be a whole number");
    assertThatThrownBy(() -> TraceFile.parse(List.of("when,how"), 1))
        .hasMessage("trace header = when,how, must be timestamp[,service_ms] or start,count");
  }
}
