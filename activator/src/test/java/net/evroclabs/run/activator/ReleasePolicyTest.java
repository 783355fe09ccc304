package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReleasePolicyTest {

  private final ReleasePolicy policy = new ReleasePolicy(new SplittableRandom(42));

  @Test
  void noPodMeansNoChoice() {
    assertThat(policy.choose(new int[0], 0)).isEqualTo(-1);
  }

  @Test
  void podsAtContainerConcurrencyAreNeverChosen() {
    assertThat(policy.choose(new int[] {1, 1}, 1)).isEqualTo(-1);
    for (int i = 0; i < 100; i++) {
      assertThat(policy.choose(new int[] {1, 0, 1}, 1)).isEqualTo(1);
    }
  }

  @Test
  void unlimitedConcurrencyAlwaysFindsAPod() {
    assertThat(policy.choose(new int[] {1000}, 0)).isEqualTo(0);
  }

  @Test
  void withTwoPodsTheLessLoadedOneWins() {
    for (int i = 0; i < 100; i++) {
      assertThat(policy.choose(new int[] {7, 2}, 0)).isEqualTo(1);
    }
  }

  @Test
  void theMostLoadedOfManyPodsIsNeverChosen() {
    int[] outstanding = {5, 1, 3, 9};
    for (int i = 0; i < 500; i++) {
      assertThat(policy.choose(outstanding, 0)).isNotEqualTo(3);
    }
  }

  @Test
  void loadSpreadsEvenlyWhenEveryChoiceIsCounted() {
    int[] outstanding = new int[4];
    for (int i = 0; i < 400; i++) {
      outstanding[policy.choose(outstanding, 0)]++;
    }
    for (int n : outstanding) {
      assertThat(n).isBetween(95, 105);
    }
  }
}
