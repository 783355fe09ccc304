package net.evroclabs.run.controller.status;

/** The reasons of a Revision's conditions. Programs match on them; they never change. */
public final class RevisionReasons {

  /** No instance is ready yet, and nothing is known to be wrong. */
  public static final String DEPLOYING = "Deploying";

  /** The image's user is root, and containers must run as non-root. */
  public static final String IMAGE_RUNS_AS_ROOT = "ImageRunsAsRoot";

  /** The container keeps exiting. */
  public static final String CRASH_LOOP = "CrashLoopBackOff";

  /** No instance became ready within the progress deadline. */
  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  private RevisionReasons() {}
}
