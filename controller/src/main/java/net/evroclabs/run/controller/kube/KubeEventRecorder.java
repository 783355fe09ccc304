package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.EventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events as core/v1 Events on the Service or Revision they are about. */
public final class KubeEventRecorder implements EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(KubeEventRecorder.class);
  private static final String COMPONENT = "run-controller";

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  public KubeEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void record(Subject subject, Type type, String reason, String message) {
    String now = clock.instant().toString();
    String namespace = subject.key().namespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      subject.key().name()
                          + "."
                          + Long.toHexString(clock.millis())
                          + "."
                          + sequence.incrementAndGet())
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(Service.GROUP + "/" + Service.VERSION)
                          .withKind(subject.kind())
                          .withNamespace(namespace)
                          .withName(subject.key().name())
                          .withUid(subject.uid())
                          .build())
                  .withType(type == Type.WARNING ? "Warning" : "Normal")
                  .withReason(reason)
                  .withMessage(message)
                  .withReportingComponent(COMPONENT)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {} {}: {}",
          reason,
          subject.kind(),
          subject.key(),
          e.getMessage());
    }
  }
}
