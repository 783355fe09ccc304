package net.evroclabs.run.bench.envoy;

import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.bench.BenchGroup;
import net.evroclabs.run.bench.BenchReport;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.translate.EnvoyConfig;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench/run envoy}: translation of 10,000 services x 2 revisions x 3 pods (JMH, one fork),
 * the cost of a one-service change, and the bytes each node group receives.
 */
public final class EnvoyBench implements BenchGroup {

  private static final int SERVICES = 10_000;

  @Override
  public void run(BenchReport report, String[] args) throws Exception {
    report.note("model", SERVICES + " services x 2 revisions x 3 pods, 90/10 split, one tag each");
    report.note(
        "conditions",
        "2-core machine shared with other builds and tests while measuring; figures are indicative");
    report.note(
        "targets", "translate_full_ms <= 1000, translate_one_service_ms <= 5 (both on 2 cores)");
    report.note("load_average_at_start", loadAverage());

    Options options =
        new OptionsBuilder()
            .include(EnvoyTranslationBenchmark.class.getName() + ".")
            .param("services", Integer.toString(SERVICES))
            .forks(1)
            .jvmArgs("-Xms2g", "-Xmx2g")
            .timeout(TimeValue.minutes(2))
            .addProfiler(GCProfiler.class)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      double ms = r.getPrimaryResult().getScore();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      switch (method) {
        case "translateFull" -> {
          report.record("envoy.translate_full_ms", ms, "ms");
          if (alloc != null) {
            report.record("envoy.translate_full_allocated_bytes", alloc.getScore(), "bytes");
          }
        }
        case "translateOneService" -> {
          report.record("envoy.translate_one_service_ms", ms, "ms");
          if (alloc != null) {
            report.record("envoy.translate_one_service_allocated_bytes", alloc.getScore(), "bytes");
          }
        }
        case "translateOneServiceAsWholeModel" ->
            report.record("envoy.translate_one_service_whole_model_ms", ms, "ms");
        case "translateOneServiceSingleRouteConfiguration" -> {
          report.record("envoy.translate_one_service_single_route_config_ms", ms, "ms");
          if (alloc != null) {
            report.record(
                "envoy.translate_one_service_single_route_config_allocated_bytes",
                alloc.getScore(),
                "bytes");
          }
        }
        default -> report.note("unexpected benchmark", method);
      }
    }
    recordSizes(report);
    report.note("load_average_at_end", loadAverage());
  }

  /** The 1, 5 and 15 minute load averages, to judge how shared the machine was. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Serialized sizes per node group, and the bytes a gateway is sent for one change. */
  private static void recordSizes(BenchReport report) {
    RoutingModel model = BenchModels.model(SERVICES);
    EnvoyTranslator translator = new EnvoyTranslator(model.gateway());
    EnvoyConfig before = translator.translate(model);
    for (NodeGroup group : NodeGroup.values()) {
      report.record(
          "envoy.serialized_bytes_" + group.nodeCluster(),
          before.group(group).serializedSize(),
          "bytes");
    }

    translator.putService(BenchModels.service(42, 50));
    EnvoyConfig after = translator.config();
    List<Message> changed = changed(before.gateway(), after.gateway());
    report.note(
        "bytes_per_change",
        "a traffic-split change of one service; the gateway is sent the changed resources"
            + " (delta xDS): "
            + changed.size()
            + " resources");
    report.record("envoy.bytes_per_change", size(changed), "bytes");
    report.record(
        "envoy.bytes_per_change_single_route_config",
        EnvoyTranslationBenchmark.singleRouteConfiguration(after).getSerializedSize()
            + size(
                changed.stream()
                    .filter(m -> !m.getClass().getSimpleName().equals("RouteConfiguration"))
                    .toList()),
        "bytes");

    EnvoyConfig added = addService(translator);
    List<Message> addedChanges = changed(after.gateway(), added.gateway());
    report.record("envoy.bytes_per_new_service", size(addedChanges), "bytes");
  }

  private static EnvoyConfig addService(EnvoyTranslator translator) {
    translator.putService(BenchModels.service(SERVICES, 100));
    return translator.config();
  }

  private static List<Message> changed(GroupResources before, GroupResources after) {
    Map<Message, Boolean> old = new IdentityHashMap<>();
    before.all().forEach(m -> old.put(m, Boolean.TRUE));
    List<Message> changed = new ArrayList<>();
    for (Message m : after.all()) {
      if (!old.containsKey(m)) {
        changed.add(m);
      }
    }
    return changed;
  }

  private static long size(List<Message> messages) {
    long size = 0;
    for (Message m : messages) {
      size += m.getSerializedSize();
    }
    return size;
  }
}
