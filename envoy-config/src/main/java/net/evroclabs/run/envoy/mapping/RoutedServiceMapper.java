package net.evroclabs.run.envoy.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TrafficTarget;
import net.evroclabs.run.envoy.model.UpstreamProtocol;

/**
 * Maps a {@link Service} and what is known about its revisions into the routing model: hosts from
 * the iid, {@code latestRevision} targets resolved to the latest ready revision, each revision's
 * protocol, timeout and concurrency from its own template. Pure; everything is passed in.
 */
public final class RoutedServiceMapper {

  private RoutedServiceMapper() {}

  /**
   * @param latestReadyRevision the revision {@code latestRevision: true} targets go to
   * @param templates the template of every revision by name (at least every routed one)
   * @param readyEndpoints ready pod endpoints by cluster name ({@code <namespace>/<revision>}); a
   *     revision without an entry has none
   */
  public static RoutedService map(
      Service service,
      PlatformConfig config,
      String latestReadyRevision,
      Map<String, ? extends RevisionTemplate> templates,
      Map<String, List<Endpoint>> readyEndpoints) {
    Objects.requireNonNull(service.getMetadata(), "metadata of the Service must be set");
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    String iid = Naming.iid(service.getMetadata().getUid());
    ServiceSpec spec =
        Defaulting.apply(service.getSpec() == null ? new ServiceSpec() : service.getSpec(), config);

    List<TrafficTarget> traffic = new ArrayList<>();
    List<TagRoute> tags = new ArrayList<>();
    Set<String> routed = new LinkedHashSet<>();
    for (net.evroclabs.run.api.TrafficTarget t : spec.getTraffic()) {
      String revision = t.followsLatest() ? latestReadyRevision : t.getRevisionName();
      if (revision == null) {
        throw new IllegalArgumentException(
            "spec.traffic of service "
                + namespace
                + "/"
                + name
                + " follows the latest revision, but no revision is ready yet");
      }
      routed.add(revision);
      traffic.add(new TrafficTarget(revision, t.getPercent() == null ? 0 : t.getPercent()));
      if (t.getTag() != null) {
        tags.add(new TagRoute(t.getTag(), Naming.tagHost(config, t.getTag(), iid), revision));
      }
    }
    List<RevisionRoute> revisions = new ArrayList<>();
    for (String revision : routed) {
      RevisionTemplate template = templates.get(revision);
      if (template == null) {
        throw new IllegalArgumentException(
            "spec.traffic of service "
                + namespace
                + "/"
                + name
                + " names revision '"
                + revision
                + "', which does not exist");
      }
      revisions.add(
          revision(
              revision,
              template,
              readyEndpoints.getOrDefault(Naming.clusterName(namespace, revision), List.of())));
    }
    return new RoutedService(
        namespace, name, Naming.serviceHost(config, iid), traffic, tags, revisions);
  }

  static RevisionRoute revision(String name, RevisionTemplate template, List<Endpoint> endpoints) {
    Protocol protocol =
        template.getContainer() == null || template.getContainer().getProtocol() == null
            ? Protocol.HTTP1
            : template.getContainer().getProtocol();
    return new RevisionRoute(
        name,
        UpstreamProtocol.parse("protocol of revision " + name, protocol.wire()),
        template.getTimeoutSeconds() == null
            ? Defaulting.DEFAULT_TIMEOUT_SECONDS
            : template.getTimeoutSeconds(),
        template.getContainerConcurrency() == null
            ? Defaulting.DEFAULT_CONTAINER_CONCURRENCY
            : template.getContainerConcurrency(),
        endpoints);
  }
}
