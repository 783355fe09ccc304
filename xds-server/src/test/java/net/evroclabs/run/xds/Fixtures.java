package net.evroclabs.run.xds;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceStatus;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.xds.pipeline.Change;

/** Services, revisions and pods as the controller and the kubelet would leave them. */
public final class Fixtures {

  private Fixtures() {}

  /** A split as {@code revision -> percent}, optionally tagged. */
  public record Share(String revision, int percent, String tag) {
    public static Share of(String revision, int percent) {
      return new Share(revision, percent, null);
    }

    public static Share tagged(String revision, int percent, String tag) {
      return new Share(revision, percent, tag);
    }
  }

  public static Service service(String namespace, String name, long generation, Share... shares) {
    Service s = new Service();
    s.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid("uid-" + namespace + "-" + name)
            .withGeneration(generation)
            .build());
    ServiceStatus status = new ServiceStatus();
    List<TrafficStatus> traffic = new ArrayList<>();
    for (Share share : shares) {
      traffic.add(new TrafficStatus(share.revision(), null, share.percent(), share.tag(), null));
    }
    status.setTraffic(traffic);
    status.setObservedGeneration(generation);
    s.setStatus(status);
    return s;
  }

  public static RevisionSpec spec(int port, Protocol protocol, int timeoutSeconds) {
    RevisionSpec spec = new RevisionSpec();
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");
    c.setPort(port);
    c.setProtocol(protocol);
    spec.setContainer(c);
    spec.setTimeoutSeconds(timeoutSeconds);
    spec.setContainerConcurrency(0);
    return spec;
  }

  public static Revision revision(
      String namespace, String service, String name, RevisionSpec spec) {
    Revision r = new Revision();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(Map.of(Labels.SERVICE, service, Labels.REVISION, name))
            .build());
    r.setSpec(spec);
    return r;
  }

  public static Pod pod(String namespace, String revision, String name, String ip, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(Map.of(Labels.REVISION, revision))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("user-container")
        .withImage("registry.example/hello:1.0")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  public static Pod activatorPod(String name, String ip) {
    Pod p = pod("run-system", "none", name, ip, true);
    p.getMetadata().setLabels(Map.of("app.kubernetes.io/name", "activator"));
    return p;
  }

  /** The changes of a service with revisions {@code <name>-00001..n}, each with ready pods. */
  public static List<Change> serviceWithPods(
      String namespace, String name, int revisions, int podsPerRevision, int firstIp) {
    List<Change> out = new ArrayList<>();
    Share[] shares = new Share[revisions];
    for (int r = 1; r <= revisions; r++) {
      String rev = String.format("%s-%05d", name, r);
      out.add(new Change.RevisionUpserted(namespace, rev, name, spec(8080, Protocol.HTTP1, 300)));
      for (int p = 0; p < podsPerRevision; p++) {
        int ip = firstIp + (r - 1) * podsPerRevision + p;
        out.add(
            new Change.PodUpserted(
                namespace,
                rev + "-pod-" + p,
                rev,
                "10." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255)));
      }
      shares[r - 1] = Share.of(rev, r == revisions ? 100 - 10 * (revisions - 1) : 10);
    }
    out.add(new Change.ServiceUpserted(service(namespace, name, 1, shares)));
    return out;
  }
}
