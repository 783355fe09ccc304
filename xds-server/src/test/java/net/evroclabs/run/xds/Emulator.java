package net.evroclabs.run.xds;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;

/** fabric8's API-server emulator in CRUD mode on 127.0.0.1, with the Run resources registered. */
public final class Emulator implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public Emulator() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(Revision.class));
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(Service.class));
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Creates or replaces a Service, status included (as the controller would leave it). */
  public Service put(Service service) {
    Service copy = service;
    Service existing =
        client
            .resources(Service.class)
            .inNamespace(service.getMetadata().getNamespace())
            .withName(service.getMetadata().getName())
            .get();
    if (existing == null) {
      return client.resources(Service.class).resource(copy).create();
    }
    copy.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    return client.resources(Service.class).resource(copy).update();
  }

  public Revision revision(String namespace, String service, String name, RevisionSpec spec) {
    return client
        .resources(Revision.class)
        .resource(Fixtures.revision(namespace, service, name, spec))
        .create();
  }

  /** Creates or replaces a pod. */
  public Pod put(Pod pod) {
    Pod existing =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .get();
    if (existing == null) {
      return client.pods().resource(pod).create();
    }
    pod.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    return client.pods().resource(pod).update();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
