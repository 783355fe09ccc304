package net.evroclabs.run.scaler.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommendations of a sliding time window, kept as a monotone queue so that the highest one is
 * at the head: scale-down follows the highest recommendation of the window, which keeps a revision
 * from shrinking on a short lull.
 *
 * @param points recommendations, oldest first, strictly decreasing in replicas
 */
public record RecommendationWindow(List<Point> points) {

  /** One recommendation. */
  public record Point(Instant at, int replicas) {}

  private static final RecommendationWindow EMPTY = new RecommendationWindow(List.of());

  public RecommendationWindow {
    points = List.copyOf(points);
  }

  public static RecommendationWindow empty() {
    return EMPTY;
  }

  /** Adds a recommendation made at {@code now} and forgets those older than {@code window}. */
  public RecommendationWindow add(Instant now, int replicas, Duration window) {
    Instant horizon = now.minus(window);
    List<Point> next = new ArrayList<>(points.size() + 1);
    for (Point p : points) {
      if (p.at().isAfter(horizon) && p.replicas() > replicas) {
        next.add(p);
      }
    }
    next.add(new Point(now, replicas));
    return new RecommendationWindow(next);
  }

  /** The highest recommendation in the window, or 0 when there is none. */
  public int highest() {
    return points.isEmpty() ? 0 : points.get(0).replicas();
  }
}
