package net.evroclabs.run.controller.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.api.TrafficTarget;

/**
 * Resolves a Service's traffic targets to concrete revisions. Pure: {@code latestRevision} targets
 * go to the newest ready revision, so that a new or failed revision takes no traffic; pinned
 * targets must name an existing revision of the Service; tagged targets get their own URL.
 */
public final class TrafficResolver {

  /** A pinned revision does not exist or is not the Service's. */
  public static final String REVISION_MISSING = "RevisionMissing";

  /** No revision is ready, and the newest one failed. */
  public static final String REVISION_FAILED = "RevisionFailed";

  /** No revision is ready yet. */
  public static final String REVISION_NOT_READY = "RevisionNotReady";

  private TrafficResolver() {}

  /**
   * @param service the Service's name
   * @param iid the Service's iid, for tag URLs
   * @param targets the Service's traffic targets, defaulted (non-empty, percent set)
   * @param revisions the Service's revisions
   */
  public static TrafficResolution resolve(
      String service,
      String iid,
      List<TrafficTarget> targets,
      List<RevisionView> revisions,
      PlatformConfig config) {
    Map<String, RevisionView> byName =
        revisions.stream()
            .collect(
                Collectors.toMap(
                    RevisionView::name, Function.identity(), (a, b) -> a, TreeMap::new));
    RevisionView latestReady =
        revisions.stream()
            .filter(r -> r.readiness() == RevisionView.Readiness.READY)
            .max(Comparator.comparingInt(RevisionView::number))
            .orElse(null);
    List<TrafficStatus> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> failedPins = new ArrayList<>();
    boolean waitingForLatest = false;
    for (int i = 0; i < targets.size(); i++) {
      TrafficTarget t = targets.get(i);
      String tag = t.getTag();
      String url = tag == null ? null : Naming.url(Naming.tagHost(config, tag, iid));
      int percent = t.getPercent() == null ? 0 : t.getPercent();
      if (t.followsLatest()) {
        if (latestReady == null) {
          waitingForLatest = true;
        } else {
          out.add(new TrafficStatus(latestReady.name(), true, percent, tag, url));
        }
        continue;
      }
      String name = t.getRevisionName();
      String field = "spec.traffic[" + i + "].revisionName = " + name;
      if (Naming.revisionNumber(service, name) < 1) {
        missing.add(field + " is not a revision of service " + service);
      } else if (!byName.containsKey(name)) {
        missing.add(
            field + " does not exist; existing revisions: " + new TreeSet<>(byName.keySet()));
      } else {
        out.add(new TrafficStatus(name, false, percent, tag, url));
        RevisionView pinned = byName.get(name);
        if (pinned.readiness() == RevisionView.Readiness.FAILED && percent > 0) {
          failedPins.add(
              "spec.traffic["
                  + i
                  + "] sends "
                  + percent
                  + " % to revision "
                  + name
                  + ", which failed ("
                  + pinned.reason()
                  + "): "
                  + pinned.message());
        }
      }
    }
    if (!missing.isEmpty()) {
      return new TrafficResolution.Unresolved(
          true,
          REVISION_MISSING,
          String.join("; ", missing) + ". Pin an existing revision or follow the latest one.");
    }
    if (waitingForLatest) {
      return waitingFor(revisions);
    }
    return new TrafficResolution.Resolved(out, failedPins);
  }

  private static TrafficResolution waitingFor(List<RevisionView> revisions) {
    RevisionView latest =
        revisions.stream().max(Comparator.comparingInt(RevisionView::number)).orElse(null);
    if (latest == null) {
      return new TrafficResolution.Unresolved(
          false, REVISION_NOT_READY, "No revision exists yet; the first one is being created.");
    }
    if (latest.readiness() == RevisionView.Readiness.FAILED) {
      return new TrafficResolution.Unresolved(
          true,
          REVISION_FAILED,
          "No revision is ready to take the latestRevision traffic: revision "
              + latest.name()
              + " failed ("
              + latest.reason()
              + "): "
              + latest.message());
    }
    return new TrafficResolution.Unresolved(
        false, REVISION_NOT_READY, "Waiting for revision " + latest.name() + " to become ready.");
  }
}
