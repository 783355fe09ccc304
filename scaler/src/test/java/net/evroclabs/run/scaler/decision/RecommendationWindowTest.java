package net.evroclabs.run.scaler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecommendationWindowTest {

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theHighestRecommendationWinsUntilItLeavesTheWindow() {
    RecommendationWindow w =
        RecommendationWindow.empty()
            .add(t0, 8, FIVE_MINUTES)
            .add(t0.plusSeconds(60), 3, FIVE_MINUTES)
            .add(t0.plusSeconds(120), 5, FIVE_MINUTES);
    assertThat(w.highest()).isEqualTo(8);

    w = w.add(t0.plusSeconds(301), 2, FIVE_MINUTES);
    assertThat(w.highest()).isEqualTo(5);
  }

  @Test
  void keepsOnlyPointsThatCanStillBeTheHighest() {
    RecommendationWindow w = RecommendationWindow.empty();
    for (int i = 0; i < 1000; i++) {
      w = w.add(t0.plusSeconds(2L * i), 4, FIVE_MINUTES);
    }
    assertThat(w.points()).hasSize(1);
  }

  @Test
  void anEmptyWindowRecommendsNothing() {
    assertThat(RecommendationWindow.empty().highest()).isZero();
  }
}
