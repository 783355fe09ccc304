package net.evroclabs.run.controller;

/**
 * What one instance's user container looks like, as its runtime reports it.
 *
 * @param waitingReason why the container is not running, e.g. {@code ImagePullBackOff}, or null
 * @param waitingMessage the runtime's words for it, or null
 * @param lastExitCode the exit code of its last termination, or null when it never exited
 * @param restartCount how often it restarted
 * @param ready whether it passes its readiness probe
 */
public record ContainerObservation(
    String waitingReason,
    String waitingMessage,
    Integer lastExitCode,
    int restartCount,
    boolean ready) {

  /** A running, ready container. */
  public static ContainerObservation running() {
    return new ContainerObservation(null, null, null, 0, true);
  }

  /** A container waiting for {@code reason}. */
  public static ContainerObservation waiting(String reason, String message) {
    return new ContainerObservation(reason, message, null, 0, false);
  }
}
