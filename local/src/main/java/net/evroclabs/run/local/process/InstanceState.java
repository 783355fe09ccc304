package net.evroclabs.run.local.process;

/** Where an instance is in its life. */
public enum InstanceState {
  /** Started; readiness not yet seen. */
  STARTING,
  /** Answering its readiness check; receives traffic. */
  READY,
  /** Told to stop (SIGTERM); no longer receives traffic. */
  TERMINATING,
  /** Its process exited. */
  EXITED
}
