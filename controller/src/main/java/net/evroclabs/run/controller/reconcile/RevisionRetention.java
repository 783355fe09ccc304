package net.evroclabs.run.controller.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.evroclabs.run.controller.traffic.RevisionView;

/**
 * Which revisions of a Service to delete. Pure: every revision that traffic refers to is kept, and
 * so are the newest {@code historyLimit} others; the rest are deleted, oldest first.
 */
public final class RevisionRetention {

  private RevisionRetention() {}

  /**
   * @param revisions the Service's revisions
   * @param referenced names that traffic (desired or routed) or the status refers to
   * @param historyLimit how many unreferenced revisions to keep
   * @return the names to delete
   */
  public static List<String> toDelete(
      List<RevisionView> revisions, Set<String> referenced, int historyLimit) {
    List<RevisionView> newestFirst = new ArrayList<>(revisions);
    newestFirst.sort(Comparator.comparingInt(RevisionView::number).reversed());
    List<String> out = new ArrayList<>();
    int kept = 0;
    for (RevisionView r : newestFirst) {
      if (referenced.contains(r.name())) {
        continue;
      }
      if (kept < historyLimit) {
        kept++;
      } else {
        out.add(r.name());
      }
    }
    return out.reversed();
  }
}
