package net.evroclabs.run.activator;

import java.util.random.RandomGenerator;

/**
 * Picks the pod for the next request: power of two random choices on outstanding requests, among
 * the pods below the revision's containerConcurrency (0 = unlimited).
 */
public final class ReleasePolicy {

  private final RandomGenerator random;

  public ReleasePolicy(RandomGenerator random) {
    this.random = random;
  }

  /**
   * Returns the index of the chosen pod in {@code outstanding}, or -1 when every pod is at the
   * limit (or there is none).
   */
  public int choose(int[] outstanding, int containerConcurrency) {
    int eligible = 0;
    for (int n : outstanding) {
      if (hasRoom(n, containerConcurrency)) {
        eligible++;
      }
    }
    if (eligible == 0) {
      return -1;
    }
    if (eligible == 1) {
      return nthEligible(outstanding, containerConcurrency, 0);
    }
    int first = random.nextInt(eligible);
    int second = random.nextInt(eligible - 1);
    if (second >= first) {
      second++;
    }
    int a = nthEligible(outstanding, containerConcurrency, first);
    int b = nthEligible(outstanding, containerConcurrency, second);
    return outstanding[b] < outstanding[a] ? b : a;
  }

  private static boolean hasRoom(int outstanding, int containerConcurrency) {
    return containerConcurrency == 0 || outstanding < containerConcurrency;
  }

  private static int nthEligible(int[] outstanding, int containerConcurrency, int n) {
    int seen = 0;
    for (int i = 0; i < outstanding.length; i++) {
      if (hasRoom(outstanding[i], containerConcurrency) && seen++ == n) {
        return i;
      }
    }
    throw new IllegalStateException("no eligible pod number " + n);
  }
}
