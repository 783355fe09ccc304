package net.evroclabs.run.controller.traffic;

import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.Revision;

/**
 * What traffic resolution and Service status need to know about one Revision.
 *
 * @param name the Revision's name
 * @param number its number within the Service, from the name
 * @param readiness whether it is ready, failed or still deploying
 * @param reason its Ready condition's reason, or null
 * @param message its Ready condition's message, or null
 */
public record RevisionView(
    String name, int number, Readiness readiness, String reason, String message) {

  /** Where a revision is in its life. */
  public enum Readiness {
    READY,
    FAILED,
    PENDING
  }

  public static RevisionView ready(String service, int number) {
    return new RevisionView(
        Naming.revisionName(service, number), number, Readiness.READY, null, null);
  }

  public static RevisionView pending(String service, int number) {
    return new RevisionView(
        Naming.revisionName(service, number), number, Readiness.PENDING, "Deploying", null);
  }

  public static RevisionView failed(String service, int number, String reason, String message) {
    return new RevisionView(
        Naming.revisionName(service, number), number, Readiness.FAILED, reason, message);
  }

  /** The view of {@code revision}, a Revision of {@code service}; null when not one of its. */
  public static RevisionView of(String service, Revision revision) {
    String name = revision.getMetadata().getName();
    int number = Naming.revisionNumber(service, name);
    if (number < 1) {
      return null;
    }
    Condition ready =
        revision.getStatus() == null
            ? null
            : Conditions.find(revision.getStatus().getConditions(), Conditions.READY);
    Readiness readiness =
        ready == null
            ? Readiness.PENDING
            : switch (ready.getStatus()) {
              case Condition.TRUE -> Readiness.READY;
              case Condition.FALSE -> Readiness.FAILED;
              default -> Readiness.PENDING;
            };
    return new RevisionView(
        name,
        number,
        readiness,
        ready == null ? null : ready.getReason(),
        ready == null ? null : ready.getMessage());
  }
}
