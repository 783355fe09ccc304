package net.evroclabs.run.bench.xds;

import io.envoyproxy.controlplane.cache.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.bench.BenchGroup;
import net.evroclabs.run.bench.BenchReport;
import net.evroclabs.run.bench.RoutedResources;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.admin.XdsMetrics;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;
import net.evroclabs.run.xds.pipeline.Change;
import net.evroclabs.run.xds.pipeline.PipelineCore;
import net.evroclabs.run.xds.pipeline.RouteRecords;
import net.evroclabs.run.xds.pipeline.RoutingPipeline;
import net.evroclabs.run.xds.server.XdsGrpcServer;
import net.evroclabs.run.xds.server.XdsServerSettings;

/**
 * {@code bench/run xds [services] [clients] [changes]}: services x 2 revisions x 3 pods fed
 * straight into the pipeline (no API server), served over ADS on loopback to gateway-like clients.
 */
public final class XdsBench implements BenchGroup {

  private static final String NS = "bench";

  @Override
  public void run(BenchReport report, String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int clientCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int changes = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    String modes = args.length > 3 ? args[3] : "delta,sotw";
    report.note(
        "setup",
        services
            + " services x 2 revisions x 3 pods fed straight into the pipeline (no API server), "
            + clientCount
            + " gateway ADS clients on loopback in the same JVM, debounce 5 ms. xds.* figures:"
            + " delta ADS clients, as the gateway bootstrap configures Envoy; xds.sotw.*: the same"
            + " with state-of-the-world clients (wildcard clusters and listeners, endpoints and"
            + " routes by name, every ACK repeating the names), each mode on a fresh server");
    for (String mode : modes.split(",")) {
      boolean delta = mode.equals("delta");
      measure(report, delta ? "xds." : "xds.sotw.", delta, services, clientCount, changes);
      System.gc();
    }
  }

  private void measure(
      BenchReport report, String prefix, boolean delta, int services, int clientCount, int changes)
      throws Exception {
    Versions versions = Versions.startingAt(System.currentTimeMillis());
    XdsCache cache = new XdsCache();
    XdsStreams streams = new XdsStreams();
    RouteRecords routes = new RouteRecords(streams, versions);
    XdsMetrics metrics = new XdsMetrics();
    RoutingPipeline pipeline =
        new RoutingPipeline(
            new PipelineCore(GatewaySettings.defaults(), 8012, versions),
            cache,
            routes,
            metrics,
            Duration.ofMillis(5),
            System::nanoTime);
    XdsGrpcServer server =
        XdsGrpcServer.start(
            XdsServerSettings.defaults().withListenAddress("127.0.0.1", 0),
            cache,
            streams,
            routes,
            metrics,
            Clock.systemUTC(),
            System::nanoTime);

    List<String> clusterNames = new ArrayList<>();
    List<String> routeNames = new ArrayList<>();
    List<Change> all = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      String name = "svc-" + i;
      routeNames.add("routes/" + NS + "/" + name);
      for (int r = 1; r <= 2; r++) {
        String rev = String.format("%s-%05d", name, r);
        clusterNames.add(NS + "/" + rev);
        all.add(new Change.RevisionUpserted(NS, rev, name, RoutedResources.revisionSpec(0)));
        for (int p = 0; p < 3; p++) {
          all.add(new Change.PodUpserted(NS, rev + "-" + p, rev, ip(i * 6 + (r - 1) * 3 + p)));
        }
      }
      all.add(new Change.ServiceUpserted(service(name, 1, 90)));
    }
    all.add(new Change.ActivatorUpserted("activator-0", "10.255.0.1"));
    all.add(new Change.Synced());

    List<BenchAdsClient> clients = new ArrayList<>();
    for (int c = 0; c < clientCount; c++) {
      clients.add(new BenchAdsClient(server.port(), "gw-" + c, delta, clusterNames, routeNames));
    }

    long t0 = System.nanoTime();
    pipeline.submitAll(all);
    all = null;
    awaitTrue(() -> cache.serving(), Duration.ofMinutes(5));
    awaitAllAcked(cache, clients, Duration.ofMinutes(5));
    report.record(prefix + "full_config_all_clients_ms", (System.nanoTime() - t0) / 1e6, "ms");

    System.gc();
    Runtime rt = Runtime.getRuntime();
    double heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);

    double[] changeMs = new double[changes];
    long bytesBefore = totalBytes(clients);
    Map<String, Long> byTypeBefore = bytesByType(clients);
    for (int k = 0; k < changes; k++) {
      // A prime stride touches a different service each time: 90/10 becomes 80/20.
      int i = (k * 7919) % services;
      String before = version(cache, XdsType.ROUTES);
      long start = System.nanoTime();
      pipeline.submit(new Change.ServiceUpserted(service("svc-" + i, 2, 80)));
      awaitTrue(() -> !version(cache, XdsType.ROUTES).equals(before), Duration.ofSeconds(30));
      awaitAllAcked(cache, clients, Duration.ofSeconds(60));
      changeMs[k] = (System.nanoTime() - start) / 1e6;
    }
    double bytesPerChange = (totalBytes(clients) - bytesBefore) / (double) changes;
    Map<String, Long> byTypeAfter = bytesByType(clients);
    StringBuilder perType = new StringBuilder();
    byTypeAfter.forEach(
        (type, after) -> {
          long grown = after - byTypeBefore.getOrDefault(type, 0L);
          if (grown > 0) {
            perType
                .append(perType.isEmpty() ? "" : ", ")
                .append(type.substring(type.lastIndexOf('.') + 1))
                .append(' ')
                .append(Math.round(grown / (double) changes));
          }
        });
    report.note(prefix + "bytes_per_change_by_type", perType.toString());

    double[] podMs = new double[changes];
    for (int k = 0; k < changes; k++) {
      int i = (k * 104729) % services;
      String rev = String.format("svc-%d-%05d", i, 1);
      String before = version(cache, XdsType.ENDPOINTS);
      long start = System.nanoTime();
      pipeline.submit(
          new Change.PodUpserted(
              NS, rev + "-new-" + k, rev, "10.254." + (k / 250) + "." + (k % 250 + 1)));
      awaitTrue(() -> !version(cache, XdsType.ENDPOINTS).equals(before), Duration.ofSeconds(30));
      awaitAllAcked(cache, clients, Duration.ofSeconds(60));
      podMs[k] = (System.nanoTime() - start) / 1e6;
    }

    report.record(prefix + "change_ack_p50_ms", percentile(changeMs, 0.50), "ms");
    report.record(prefix + "change_ack_p99_ms", percentile(changeMs, 0.99), "ms");
    report.record(prefix + "pod_ready_ack_p50_ms", percentile(podMs, 0.50), "ms");
    report.record(prefix + "pod_ready_ack_p99_ms", percentile(podMs, 0.99), "ms");
    report.record(prefix + "heap_mb", heapMb, "MB");
    report.record(prefix + "bytes_per_change", bytesPerChange, "bytes");
    report.note(
        "measures",
        "change and pod-ready latencies: from submitting the change to the pipeline until every"
            + " client has ACKed the new version, "
            + changes
            + " samples each; heap: used heap of the whole JVM (server and clients, which keep no"
            + " resources) after GC once every client holds the full config; bytes_per_change:"
            + " response bytes received by all clients together per one-service traffic change");

    clients.forEach(BenchAdsClient::close);
    server.close();
    pipeline.close();
  }

  private static String version(XdsCache cache, XdsType type) {
    return cache.snapshot(NodeGroup.GATEWAY).orElseThrow().type(type).version();
  }

  private static void awaitAllAcked(XdsCache cache, List<BenchAdsClient> clients, Duration limit) {
    String cds = version(cache, XdsType.CLUSTERS);
    String eds = version(cache, XdsType.ENDPOINTS);
    String lds = version(cache, XdsType.LISTENERS);
    String rds = version(cache, XdsType.ROUTES);
    awaitTrue(
        () -> {
          for (BenchAdsClient c : clients) {
            if (!cds.equals(c.acked(Resources.V3.CLUSTER_TYPE_URL))
                || !eds.equals(c.acked(Resources.V3.ENDPOINT_TYPE_URL))
                || !lds.equals(c.acked(Resources.V3.LISTENER_TYPE_URL))
                || !rds.equals(c.acked(Resources.V3.ROUTE_TYPE_URL))) {
              return false;
            }
          }
          return true;
        },
        limit);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + limit);
      }
      LockSupport.parkNanos(500_000);
    }
  }

  private static Map<String, Long> bytesByType(List<BenchAdsClient> clients) {
    Map<String, Long> sum = new TreeMap<>();
    for (BenchAdsClient c : clients) {
      c.bytesByType().forEach((type, bytes) -> sum.merge(type, bytes, Long::sum));
    }
    return sum;
  }

  private static long totalBytes(List<BenchAdsClient> clients) {
    long sum = 0;
    for (BenchAdsClient c : clients) {
      sum += c.bytes();
    }
    return sum;
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }

  private static Service service(String name, long generation, int firstPercent) {
    return RoutedResources.service(
        NS,
        name,
        generation,
        List.of(
            new TrafficStatus(name + "-00002", true, firstPercent, null, null),
            new TrafficStatus(name + "-00001", null, 100 - firstPercent, "previous", null)));
  }

  private static String ip(int n) {
    return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }
}
