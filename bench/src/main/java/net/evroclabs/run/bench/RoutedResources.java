package net.evroclabs.run.bench;

import java.util.List;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceStatus;
import net.evroclabs.run.api.TrafficStatus;

/**
 * Services and revisions as xds-server's informers hand them to its pipeline: a revision spec and a
 * Service whose status carries the traffic the controller resolved.
 */
public final class RoutedResources {

  private RoutedResources() {}

  /** An HTTP/1 revision listening on 8080, with a 300 s timeout. */
  public static RevisionSpec revisionSpec(int containerConcurrency) {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");
    c.setPort(8080);
    c.setProtocol(Protocol.HTTP1);
    RevisionSpec spec = new RevisionSpec();
    spec.setContainer(c);
    spec.setTimeoutSeconds(300);
    spec.setContainerConcurrency(containerConcurrency);
    return spec;
  }

  /** Service {@code ns/name} at {@code generation}, observed, routing as {@code traffic} says. */
  public static Service service(
      String ns, String name, long generation, List<TrafficStatus> traffic) {
    Service s = new Service();
    s.getMetadata().setNamespace(ns);
    s.getMetadata().setName(name);
    s.getMetadata().setUid("uid-" + name);
    s.getMetadata().setGeneration(generation);
    ServiceStatus status = new ServiceStatus();
    status.setObservedGeneration(generation);
    status.setTraffic(traffic);
    s.setStatus(status);
    return s;
  }
}
