package net.evroclabs.run.xds.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TrafficTarget;
import net.evroclabs.run.envoy.model.UpstreamProtocol;

/**
 * Maps a Service's {@code status.traffic} (every share already resolved to a concrete revision by
 * the controller) and what is known of its revisions into the routing model. Pure.
 */
public final class RouteMapper {

  private RouteMapper() {}

  /**
   * @param revisions the spec of a revision of the service's namespace by name, or null
   * @param readyAddresses the addresses of a revision's ready pods by revision name
   */
  public static RouteResult map(
      Service service,
      PlatformConfig config,
      Function<String, RevisionSpec> revisions,
      Function<String, List<String>> readyAddresses) {
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    String key = namespace + "/" + name;
    if (service.getStatus() == null
        || service.getStatus().getTraffic() == null
        || service.getStatus().getTraffic().isEmpty()) {
      return new RouteResult.Waiting("service " + key + " has no status.traffic yet");
    }
    try {
      String iid = Naming.iid(service.getMetadata().getUid());
      List<TrafficTarget> traffic = new ArrayList<>();
      List<TagRoute> tags = new ArrayList<>();
      Set<String> routed = new LinkedHashSet<>();
      List<TrafficStatus> statusTraffic = service.getStatus().getTraffic();
      for (int i = 0; i < statusTraffic.size(); i++) {
        TrafficStatus t = statusTraffic.get(i);
        if (t.getRevisionName() == null || t.getRevisionName().isBlank()) {
          return new RouteResult.Invalid(
              "status.traffic[" + i + "].revisionName of service " + key + " is empty");
        }
        routed.add(t.getRevisionName());
        traffic.add(
            new TrafficTarget(t.getRevisionName(), t.getPercent() == null ? 0 : t.getPercent()));
        if (t.getTag() != null) {
          tags.add(
              new TagRoute(
                  t.getTag(), Naming.tagHost(config, t.getTag(), iid), t.getRevisionName()));
        }
      }
      List<RevisionRoute> routes = new ArrayList<>();
      for (String revision : routed) {
        RevisionSpec spec = revisions.apply(revision);
        if (spec == null) {
          return new RouteResult.Waiting(
              "revision " + namespace + "/" + revision + " of service " + key + " not seen yet");
        }
        routes.add(revision(revision, spec, readyAddresses.apply(revision)));
      }
      return new RouteResult.Routable(
          new RoutedService(
              namespace, name, Naming.serviceHost(config, iid), traffic, tags, routes));
    } catch (IllegalArgumentException e) {
      return new RouteResult.Invalid(e.getMessage());
    }
  }

  /** The endpoints of a revision's ready pods at {@code addresses}. */
  public static List<Endpoint> endpoints(List<String> addresses, RevisionSpec spec) {
    int port = port(spec);
    List<Endpoint> endpoints = new ArrayList<>(addresses.size());
    for (String address : addresses) {
      endpoints.add(endpoint(address, port));
    }
    return endpoints;
  }

  /** A revision's route: protocol, timeout, concurrency and port from its spec. */
  static RevisionRoute revision(String name, RevisionSpec spec, List<String> addresses) {
    Protocol protocol =
        spec.getContainer() == null || spec.getContainer().getProtocol() == null
            ? Protocol.HTTP1
            : spec.getContainer().getProtocol();
    List<Endpoint> endpoints = endpoints(addresses, spec);
    return new RevisionRoute(
        name,
        UpstreamProtocol.parse("protocol of revision " + name, protocol.wire()),
        spec.getTimeoutSeconds() == null
            ? Defaulting.DEFAULT_TIMEOUT_SECONDS
            : spec.getTimeoutSeconds(),
        spec.getContainerConcurrency() == null
            ? Defaulting.DEFAULT_CONTAINER_CONCURRENCY
            : spec.getContainerConcurrency(),
        endpoints);
  }

  /**
   * A pod's endpoint: {@code address} on the revision's {@code port}, or, written {@code
   * [host]:port}, on a port of its own (local instances each listen on their own port).
   */
  static Endpoint endpoint(String address, int port) {
    if (address.startsWith("[")) {
      int close = address.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException(
            "pod address " + address + " must be an address or [address]:port");
      }
      return new Endpoint(
          address.substring(1, close), Integer.parseInt(address.substring(close + 2)));
    }
    return new Endpoint(address, port);
  }

  /** The container port of a revision, 8080 when unset. */
  public static int port(RevisionSpec spec) {
    return spec.getContainer() == null || spec.getContainer().getPort() == null
        ? Defaulting.DEFAULT_PORT
        : spec.getContainer().getPort();
  }
}
