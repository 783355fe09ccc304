package net.evroclabs.run.controller;

/** Records what happened to a resource where its users look: Kubernetes Events. */
public interface EventRecorder {

  /** Whether the event is routine or a problem. */
  enum Type {
    NORMAL,
    WARNING
  }

  /** The resource an event is about. */
  record Subject(String kind, ResourceKey key, String uid) {}

  /** Records an event; failures to record are logged, never thrown. */
  void record(Subject subject, Type type, String reason, String message);
}
