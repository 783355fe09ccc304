package net.evroclabs.run.controller.status;

import java.time.Duration;
import java.util.Optional;
import net.evroclabs.run.api.RevisionStatus;

/**
 * What the controller concluded about a Revision.
 *
 * @param status the Revision's new status
 * @param transition what changed, for events and for stopping a failed revision
 * @param recheckAfter when to look again even if nothing changes (the progress deadline)
 */
public record RevisionAssessment(
    RevisionStatus status, Transition transition, Optional<Duration> recheckAfter) {

  /** How the Revision's readiness changed in this assessment. */
  public enum Transition {
    NONE,
    BECAME_READY,
    FAILED
  }
}
