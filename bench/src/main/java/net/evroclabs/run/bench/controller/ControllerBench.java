package net.evroclabs.run.bench.controller;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.bench.BenchGroup;
import net.evroclabs.run.bench.BenchReport;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.PublishedRoutes;
import net.evroclabs.run.controller.kube.KubeController;

/**
 * {@code bench/run controller [services]}: 1,000 Services created at once against the API-server
 * emulator; the time until every one has its Revision and Deployment and reports Ready (pods are
 * marked ready as soon as their Deployment appears), the reconcile rate, and the controller's heap.
 */
public final class ControllerBench implements BenchGroup {

  private static final String NS = "bench";
  private static final Duration LIMIT = Duration.ofMinutes(10);

  /** The emulator logs every request at INFO; kept here so that the setting is not collected. */
  private static final java.util.logging.Logger EMULATOR_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  @Override
  public void run(BenchReport report, String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    EMULATOR_LOG.setLevel(java.util.logging.Level.WARNING);
    report.note("machine", "2 cores shared with other builds and tests running at the same time");
    report.note(
        "setup",
        "fabric8 API-server emulator (CRUD mode) in the same JVM, on loopback; a simulated kubelet"
            + " marks each Deployment ready as it appears; controller with 4 workers per kind,"
            + " PublishedRoutes; "
            + count
            + " Services created by 8 threads at once");
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
    try (KubernetesClient client = server.createClient();
        ReadyKubelet kubelet = new ReadyKubelet(client)) {
      measure(report, client, count);
    } finally {
      server.destroy();
    }
  }

  private static void measure(BenchReport report, KubernetesClient client, int count)
      throws Exception {
    Set<String> ready = ConcurrentHashMap.newKeySet();
    SharedIndexInformer<Service> watch = client.resources(Service.class).inNamespace(NS).inform();
    watch.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Service s) {
            check(s, ready);
          }

          @Override
          public void onUpdate(Service before, Service s) {
            check(s, ready);
          }

          @Override
          public void onDelete(Service s, boolean unknown) {}
        });
    KubeController controller =
        KubeController.start(
            client,
            PlatformConfig.defaults(),
            new PublishedRoutes(),
            ControllerOptions.defaults("bench-0", "run-system"),
            Clock.systemUTC());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!controller.controller().leading() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    long start = System.nanoTime();
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      String name = "svc-" + i;
      creators.execute(
          () -> client.resources(Service.class).inNamespace(NS).resource(service(name)).create());
    }
    creators.shutdown();
    long limit = start + LIMIT.toNanos();
    while (ready.size() < count && System.nanoTime() < limit) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (ready.size() < count) {
      throw new IllegalStateException(
          ready.size() + " of " + count + " Services ready after " + LIMIT + "; not recording");
    }
    long revisions = client.resources(Revision.class).inNamespace(NS).list().getItems().size();
    long deployments = client.apps().deployments().inNamespace(NS).list().getItems().size();
    if (revisions != count || deployments != count) {
      throw new IllegalStateException(
          revisions + " revisions and " + deployments + " Deployments for " + count + " Services");
    }
    long reconciles = controller.controller().reconciles();
    double withController = usedHeapMb();
    controller.close();
    controller = null;
    double withoutController = usedHeapMb();
    watch.close();

    report.record("controller.services_" + count + "_ready_s", seconds, "s");
    report.record("controller.reconciles_per_s", reconciles / seconds, "1/s");
    report.record("controller.reconciles", reconciles, "count");
    report.record("controller.heap_mb", Math.max(0, withController - withoutController), "MiB");
    report.note(
        "controller.heap_mb",
        String.format(
            Locale.ROOT,
            "heap retained by the controller (informer caches of %d Services, Revisions and"
                + " Deployments, queues): used heap after GC with it running minus after closing it;"
                + " whole JVM with emulator: %.1f MiB",
            count,
            withController));
    report.note(
        "controller.services_" + count + "_ready_s",
        "from the first create to the last Service reporting Ready=True at its generation, each with"
            + " exactly one Revision and one Deployment (checked)");
  }

  private static void check(Service s, Set<String> ready) {
    if (s.getStatus() == null) {
      return;
    }
    Condition c = s.getStatus().condition(Conditions.READY);
    if (c != null
        && c.isTrue()
        && s.getMetadata().getGeneration() != null
        && s.getMetadata().getGeneration().equals(s.getStatus().getObservedGeneration())) {
      ready.add(s.getMetadata().getName());
    }
  }

  private static Service service(String name) {
    ContainerSpec container = new ContainerSpec();
    container.setImage("registry.example/" + name + ":1.0");
    RevisionTemplate template = new RevisionTemplate();
    template.setContainer(container);
    ServiceSpec spec = new ServiceSpec();
    spec.setTemplate(template);
    Service s = new Service();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    s.setSpec(spec);
    return s;
  }

  private static double usedHeapMb() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
