package net.evroclabs.run.local.platform;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.MemoryServiceStore;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.local.process.ProcessWorkloads;
import net.evroclabs.run.xds.pipeline.Change;

/**
 * What the informers are to xds-server in a cluster: turns the local store's Services and Revisions
 * and the ready local instances into the pipeline's changes. An instance is a pod named {@code
 * <revision>-<port>} at {@code [host]:port}.
 */
public final class LocalXdsFeed implements MemoryServiceStore.Listener {

  private final Consumer<Change> pipeline;
  private final Map<String, Set<String>> podsByRevision = new HashMap<>();

  public LocalXdsFeed(Consumer<Change> pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void serviceChanged(ResourceKey key, Optional<Service> service) {
    pipeline.accept(
        service
            .<Change>map(Change.ServiceUpserted::new)
            .orElseGet(() -> new Change.ServiceDeleted(key.namespace(), key.name())));
  }

  @Override
  public void revisionChanged(ResourceKey key, Optional<Revision> revision) {
    if (revision.isEmpty()) {
      pipeline.accept(new Change.RevisionDeleted(key.namespace(), key.name()));
      return;
    }
    Map<String, String> labels = revision.get().getMetadata().getLabels();
    String service = labels == null ? null : labels.get(Labels.SERVICE);
    if (service != null) {
      pipeline.accept(
          new Change.RevisionUpserted(
              key.namespace(), key.name(), service, revision.get().getSpec()));
    }
  }

  /** A revision's instances changed: ready ones become ready pods, the others go away. */
  public synchronized void instances(ProcessWorkloads.RevisionStatus status) {
    int slash = status.key().indexOf('/');
    String namespace = status.key().substring(0, slash);
    String revision = status.key().substring(slash + 1);
    Set<String> now = new HashSet<>();
    for (ProcessWorkloads.Endpoint e : status.endpoints()) {
      String pod = revision + "-" + e.port();
      now.add(pod);
      pipeline.accept(
          new Change.PodUpserted(namespace, pod, revision, "[" + e.host() + "]:" + e.port()));
    }
    Set<String> before = podsByRevision.getOrDefault(status.key(), Set.of());
    for (String pod : before) {
      if (!now.contains(pod)) {
        pipeline.accept(new Change.PodDeleted(namespace, pod));
      }
    }
    podsByRevision.put(status.key(), now);
  }
}
