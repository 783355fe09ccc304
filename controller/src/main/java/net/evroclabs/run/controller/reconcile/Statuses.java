package net.evroclabs.run.controller.reconcile;

import java.util.Objects;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionStatus;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceStatus;

/** Compares statuses, and makes copies of resources carrying a new status. */
final class Statuses {

  private Statuses() {}

  static boolean same(ServiceStatus a, ServiceStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getUrl(), b.getUrl())
        && Objects.equals(a.getLatestCreatedRevisionName(), b.getLatestCreatedRevisionName())
        && Objects.equals(a.getLatestReadyRevisionName(), b.getLatestReadyRevisionName())
        && Objects.equals(a.getTraffic(), b.getTraffic())
        && Objects.equals(a.getConditions(), b.getConditions())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
  }

  static boolean same(RevisionStatus a, RevisionStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getConditions(), b.getConditions())
        && Objects.equals(a.getDesiredReplicas(), b.getDesiredReplicas())
        && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
  }

  /** A Service like {@code s} with {@code status}; {@code s} is not changed. */
  static Service withStatus(Service s, ServiceStatus status) {
    Service out = new Service();
    out.setMetadata(s.getMetadata());
    out.setSpec(s.getSpec());
    out.setStatus(status);
    return out;
  }

  /** A Revision like {@code r} with {@code status}; {@code r} is not changed. */
  static Revision withStatus(Revision r, RevisionStatus status) {
    Revision out = new Revision();
    out.setMetadata(r.getMetadata());
    out.setSpec(r.getSpec());
    out.setStatus(status);
    return out;
  }
}
