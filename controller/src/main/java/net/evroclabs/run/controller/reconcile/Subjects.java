package net.evroclabs.run.controller.reconcile;

import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.EventRecorder;
import net.evroclabs.run.controller.ResourceKey;

/** Event subjects of Services and Revisions. */
final class Subjects {

  private Subjects() {}

  static EventRecorder.Subject of(Service s) {
    return new EventRecorder.Subject(
        "Service",
        new ResourceKey(s.getMetadata().getNamespace(), s.getMetadata().getName()),
        s.getMetadata().getUid());
  }

  static EventRecorder.Subject of(Revision r) {
    return new EventRecorder.Subject(
        "Revision",
        new ResourceKey(r.getMetadata().getNamespace(), r.getMetadata().getName()),
        r.getMetadata().getUid());
  }
}
