package net.evroclabs.run.controller;

/** Decides which of several controller instances reconciles; the others stand by. */
public interface LeaderElection extends AutoCloseable {

  /** Starts campaigning; the callbacks run when this instance gains and loses the lead. */
  void start(Runnable onStartedLeading, Runnable onStoppedLeading);

  /** Stops campaigning and gives up the lead if held. */
  @Override
  void close();

  /** An election with one candidate: it leads from the start. For a single-instance setup. */
  static LeaderElection sole() {
    return new LeaderElection() {
      private Runnable onStopped = () -> {};

      @Override
      public void start(Runnable onStartedLeading, Runnable onStoppedLeading) {
        onStopped = onStoppedLeading;
        onStartedLeading.run();
      }

      @Override
      public void close() {
        onStopped.run();
      }
    };
  }
}
