package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThreadWorkTest {

  @Test
  void burnCpuReturnsOnlyAfterTheDuration() throws InterruptedException {
    long start = System.nanoTime();

    new ThreadWork().burnCpu(Duration.ofMillis(30));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(30));
  }

  @Test
  void burnCpuForZeroReturnsAtOnce() throws InterruptedException {
    long start = System.nanoTime();

    new ThreadWork().burnCpu(Duration.ZERO);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
