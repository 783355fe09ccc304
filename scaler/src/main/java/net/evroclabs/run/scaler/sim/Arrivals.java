package net.evroclabs.run.scaler.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * The requests of one simulation run, sorted by arrival.
 *
 * @param times arrival times in seconds from the start
 * @param serviceMs service time of each request in ms, or NaN where the app profile draws it
 * @param lengthSeconds how long the run lasts
 */
public record Arrivals(double[] times, double[] serviceMs, double lengthSeconds) {

  public Arrivals {
    if (times.length != serviceMs.length) {
      throw new IllegalArgumentException("times and serviceMs must have the same length");
    }
  }

  public int size() {
    return times.length;
  }

  /** Poisson arrivals whose rate (req/s) follows {@code rate}, held constant within each second. */
  public static Arrivals poisson(DoubleUnaryOperator rate, double lengthSeconds, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] times = new double[1024];
    int n = 0;
    for (int second = 0; second < (int) Math.ceil(lengthSeconds); second++) {
      double lambda = rate.applyAsDouble(second);
      if (lambda <= 0) {
        continue;
      }
      double t = second - Math.log(1 - random.nextDouble()) / lambda;
      while (t < second + 1 && t < lengthSeconds) {
        if (n == times.length) {
          times = Arrays.copyOf(times, n * 2);
        }
        times[n++] = t;
        t -= Math.log(1 - random.nextDouble()) / lambda;
      }
    }
    double[] service = new double[n];
    Arrays.fill(service, Double.NaN);
    return new Arrivals(Arrays.copyOf(times, n), service, lengthSeconds);
  }
}
