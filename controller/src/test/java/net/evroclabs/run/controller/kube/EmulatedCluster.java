package net.evroclabs.run.controller.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.PublishedRoutes;
import net.evroclabs.run.controller.RouteAcknowledgements;
import org.awaitility.core.ConditionTimeoutException;

/** The API-server emulator in CRUD mode on a loopback ephemeral port, with helpers for tests. */
final class EmulatedCluster implements AutoCloseable {

  static final String NS = "team-a";

  /** The emulator logs every request at INFO; kept here so that the setting is not collected. */
  private static final java.util.logging.Logger EMULATOR_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  final KubernetesMockServer server;
  final KubernetesClient client;

  private EmulatedCluster(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  static EmulatedCluster start() {
    EMULATOR_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(Service.class));
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(Revision.class));
    return new EmulatedCluster(server, server.createClient());
  }

  /** Options for tests: a short lease so that hand-overs take seconds, not a quarter minute. */
  static ControllerOptions options(String identity) {
    return ControllerOptions.defaults(identity, "run-system")
        .withLeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
  }

  KubeController startController(String identity, PlatformConfig config) {
    return startController(identity, config, new PublishedRoutes());
  }

  KubeController startController(
      String identity, PlatformConfig config, RouteAcknowledgements routes) {
    KubeController c =
        KubeController.start(client, config, routes, options(identity), Clock.systemUTC());
    return c;
  }

  static ServiceSpec spec(String image) {
    ContainerSpec container = new ContainerSpec();
    container.setImage(image);
    RevisionTemplate template = new RevisionTemplate();
    template.setContainer(container);
    ServiceSpec spec = new ServiceSpec();
    spec.setTemplate(template);
    return spec;
  }

  Service create(String name, ServiceSpec spec) {
    Service s = new Service();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    s.setSpec(spec);
    return client.resources(Service.class).inNamespace(NS).resource(s).create();
  }

  /**
   * Changes the Service's spec as a user would. The edit carries the resource version it read, so
   * it conflicts with a status write in between; like kubectl, it then reads again and retries.
   */
  Service edit(String name, Consumer<ServiceSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .resources(Service.class)
            .inNamespace(NS)
            .withName(name)
            .edit(
                s -> {
                  change.accept(s.getSpec());
                  return s;
                });
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  Service service(String name) {
    return client.resources(Service.class).inNamespace(NS).withName(name).get();
  }

  List<Revision> revisions(String service) {
    return client
        .resources(Revision.class)
        .inNamespace(NS)
        .withLabel(net.evroclabs.run.api.Labels.SERVICE, service)
        .list()
        .getItems();
  }

  Revision revision(String name) {
    return client.resources(Revision.class).inNamespace(NS).withName(name).get();
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  /** Waits until the Service's status satisfies {@code check}, and returns the Service. */
  Service awaitService(String name, Predicate<Service> check) {
    try {
      return await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> service(name), s -> s != null && s.getStatus() != null && check.test(s));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "Service " + name + " never reached the expected state; the cluster holds:\n" + dump(),
          e);
    }
  }

  /** The Services, Revisions and Deployments of the namespace as YAML, for failure messages. */
  String dump() {
    StringBuilder out = new StringBuilder();
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.resources(Service.class).inNamespace(NS).list().getItems());
    all.addAll(client.resources(Revision.class).inNamespace(NS).list().getItems());
    all.addAll(client.apps().deployments().inNamespace(NS).list().getItems());
    for (HasMetadata r : all) {
      out.append(client.getKubernetesSerialization().asYaml(r));
    }
    return out.toString();
  }

  static boolean ready(Service s) {
    Condition c = s.getStatus().condition(Conditions.READY);
    return c != null
        && c.isTrue()
        && s.getStatus().getObservedGeneration() != null
        && s.getStatus().getObservedGeneration().equals(s.getMetadata().getGeneration());
  }

  static Condition condition(Service s, String type) {
    return s.getStatus().condition(type);
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // Under load the emulator sometimes outlasts its 10 s shutdown wait; the port is ephemeral
      // and the test's assertions are done, so the test stands.
      System.err.println("API-server emulator did not stop in time: " + e.getMessage());
    }
  }
}
