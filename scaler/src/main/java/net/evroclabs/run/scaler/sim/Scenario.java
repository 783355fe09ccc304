package net.evroclabs.run.scaler.sim;

import java.util.function.DoubleUnaryOperator;

/**
 * A built-in load shape.
 *
 * @param name what it is called on the command line
 * @param description one line for the report
 * @param lengthSeconds how long it runs
 * @param rate requests per second at each second
 */
public record Scenario(
    String name, String description, double lengthSeconds, DoubleUnaryOperator rate) {

  public Arrivals arrivals(long seed) {
    return Arrivals.poisson(rate, lengthSeconds, seed);
  }
}
