package net.evroclabs.run.local.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import net.evroclabs.run.controller.EventRecorder;

/** Events in local mode: printed, and the latest kept for {@code ./run status}. */
public final class LocalEvents implements EventRecorder {

  private static final Logger LOG = Logger.getLogger("evroc-run");
  private static final int KEPT = 200;

  /** An event as shown by the status. */
  public record Event(String subject, String type, String reason, String message) {}

  private final Deque<Event> recent = new ArrayDeque<>();

  @Override
  public void record(Subject subject, Type type, String reason, String message) {
    add(new Event(subject.kind() + " " + subject.key(), type.name(), reason, message));
  }

  /** An event of the autoscaler about a revision ({@code namespace/name}). */
  public void scaling(String revision, String message) {
    add(new Event("Revision " + revision, "NORMAL", "Scaling", message));
  }

  private synchronized void add(Event e) {
    LOG.info(e.subject() + ": " + e.reason() + ": " + e.message());
    recent.addLast(e);
    while (recent.size() > KEPT) {
      recent.removeFirst();
    }
  }

  public synchronized List<Event> recent() {
    return List.copyOf(recent);
  }
}
