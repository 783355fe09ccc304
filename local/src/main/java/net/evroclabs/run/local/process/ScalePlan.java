package net.evroclabs.run.local.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which instances to start and which to stop so that {@code desired} are running. Pure. Stops
 * instances that are not ready first, then the youngest, so serving capacity goes last.
 *
 * @param toStart how many new instances to start
 * @param toStop ids of the instances to stop
 */
public record ScalePlan(int toStart, List<Integer> toStop) {

  /** What the planner needs to know of a live (starting or ready) instance. */
  public record Live(int id, boolean ready, long startedAtMillis) {}

  public static ScalePlan plan(List<Live> live, int desired) {
    if (desired < 0) {
      throw new IllegalArgumentException("desired replicas = " + desired + ", must be >= 0");
    }
    if (live.size() <= desired) {
      return new ScalePlan(desired - live.size(), List.of());
    }
    List<Live> order = new ArrayList<>(live);
    order.sort(
        Comparator.comparing(Live::ready)
            .thenComparing(Comparator.comparingLong(Live::startedAtMillis).reversed())
            .thenComparing(Comparator.comparingInt(Live::id).reversed()));
    return new ScalePlan(
        0, order.subList(0, live.size() - desired).stream().map(Live::id).toList());
  }
}
