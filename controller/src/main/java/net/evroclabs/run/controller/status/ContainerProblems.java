package net.evroclabs.run.controller.status;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.controller.ContainerObservation;

/** Recognises why a revision's container cannot run, and says so in words a user can act on. */
final class ContainerProblems {

  /** A reason and message for a Revision condition. */
  record Problem(String reason, String message) {}

  private static final Set<String> IMAGE_PULL =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable");
  private static final Set<String> CANNOT_START =
      Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  private ContainerProblems() {}

  /** The most telling problem among the containers, or empty when none is known to be failing. */
  static Optional<Problem> find(List<ContainerObservation> containers, RevisionSpec spec) {
    Problem best = null;
    int bestRank = Integer.MAX_VALUE;
    for (ContainerObservation c : containers) {
      String reason = c.waitingReason();
      if (reason == null) {
        continue;
      }
      int rank;
      Problem p;
      if (runsAsRoot(c)) {
        rank = 0;
        p =
            new Problem(
                RevisionReasons.IMAGE_RUNS_AS_ROOT,
                "Image "
                    + image(spec)
                    + " runs as root, and the platform runs containers only as a non-root user."
                    + " Set a non-root user in the image (for example USER 65532 in the"
                    + " Dockerfile) and deploy it as a new revision. The runtime said: "
                    + c.waitingMessage());
      } else if (IMAGE_PULL.contains(reason)) {
        rank = 1;
        p =
            new Problem(
                reason,
                "Image "
                    + image(spec)
                    + " cannot be pulled: "
                    + c.waitingMessage()
                    + ". Check that the image exists, that its name and tag are right, that it is"
                    + " built for x86-64 and that the registry allows pulls.");
      } else if (RevisionReasons.CRASH_LOOP.equals(reason)) {
        rank = 2;
        p =
            new Problem(
                reason,
                "The container keeps exiting: last exit code "
                    + (c.lastExitCode() == null ? "unknown" : c.lastExitCode())
                    + ", "
                    + c.restartCount()
                    + " restarts. Check the application's logs; it must keep running and listen"
                    + " on port "
                    + spec.getContainer().getPort()
                    + " (the PORT variable).");
      } else if (CANNOT_START.contains(reason)) {
        rank = 3;
        p = new Problem(reason, "The container cannot be started: " + c.waitingMessage());
      } else {
        continue;
      }
      if (rank < bestRank) {
        best = p;
        bestRank = rank;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean runsAsRoot(ContainerObservation c) {
    String m = c.waitingMessage();
    return "CreateContainerConfigError".equals(c.waitingReason())
        && m != null
        && m.contains("runAsNonRoot")
        && m.contains("will run as root");
  }

  private static String image(RevisionSpec spec) {
    return spec.getContainer() == null ? "(none)" : spec.getContainer().getImage();
  }
}
