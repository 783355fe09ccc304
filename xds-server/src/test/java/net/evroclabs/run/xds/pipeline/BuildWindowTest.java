package net.evroclabs.run.xds.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildWindowTest {

  private static final long MS = 1_000_000L;

  @Test
  void theFirstChangeIsBuiltAtOnce() {
    BuildWindow window = new BuildWindow(Duration.ofMillis(10));

    assertThat(window.delayNanos(5 * MS)).isZero();
  }

  @Test
  void aChangeWithinTheWindowWaitsForItsEnd() {
    BuildWindow window = new BuildWindow(Duration.ofMillis(10));
    window.buildStarted(100 * MS);

    assertThat(window.delayNanos(100 * MS)).isEqualTo(10 * MS);
    assertThat(window.delayNanos(104 * MS)).isEqualTo(6 * MS);
  }

  @Test
  void aChangeAfterAQuietSpellIsBuiltAtOnce() {
    BuildWindow window = new BuildWindow(Duration.ofMillis(10));
    window.buildStarted(100 * MS);

    assertThat(window.delayNanos(110 * MS)).isZero();
    assertThat(window.delayNanos(5_000 * MS)).isZero();
  }

  @Test
  void aZeroWindowNeverWaits() {
    BuildWindow window = new BuildWindow(Duration.ZERO);
    window.buildStarted(100 * MS);

    assertThat(window.delayNanos(100 * MS)).isZero();
  }

  @Test
  void aNegativeWindowIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new BuildWindow(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("debounce");
  }
}
