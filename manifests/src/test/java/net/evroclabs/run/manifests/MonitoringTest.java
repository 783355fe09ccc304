package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MonitoringTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern METRIC = Pattern.compile("\\b((?:run|envoy|kube)_[a-z_]+)\\b");

  /** The Envoy and kube-state-metrics series the dashboard may use. */
  private static final Set<String> EXTERNAL_METRICS =
      Set.of(
          "envoy_cluster_upstream_rq_total",
          "envoy_cluster_upstream_rq_time_bucket",
          "envoy_cluster_upstream_rq_xx",
          "envoy_cluster_upstream_rq_active",
          "kube_deployment_status_replicas_ready");

  private static List<Deployment> deployments;

  @BeforeAll
  static void load() throws Exception {
    deployments = ManifestLoader.ofKind(ManifestLoader.all(), Deployment.class);
  }

  /** Every metric name some module registers (their sources name them as string literals). */
  private static Set<String> exportedMetrics() throws IOException {
    Set<String> names = new HashSet<>();
    Pattern literal = Pattern.compile("\\.name\\(\"(run_[a-z_]+)\"\\)");
    try (Stream<Path> files = Files.walk(Manifests.dir().getParent())) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
              .toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static JsonNode dashboard() throws Exception {
    ConfigMap cm =
        YAML.readValue(
            Files.readString(Manifests.dir().resolve("10-dashboard.yaml")), ConfigMap.class);
    return new ObjectMapper().readTree(cm.getData().get("run.json"));
  }

  @Test
  void theDashboardQueriesOnlyMetricsThatAreExported() throws Exception {
    Set<String> exported = exportedMetrics();
    assertThat(exported).as("metrics found in the modules").contains("run_activator_requests_held");
    Set<String> used = new HashSet<>();
    for (JsonNode panel : dashboard().get("panels")) {
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        // Label matchers and grouping clauses name labels, not series.
        String series =
            target
                .get("expr")
                .asText()
                .replaceAll("\\{[^}]*\\}", "")
                .replaceAll("by \\([^)]*\\)", "");
        Matcher m = METRIC.matcher(series);
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    for (String metric : used) {
      String base = metric.replaceAll("_(bucket|count|sum)$", "");
      assertThat(exported.contains(base) || EXTERNAL_METRICS.contains(metric))
          .as("dashboard metric %s is exported by a module or is a known Envoy/kube series", metric)
          .isTrue();
    }
  }

  @Test
  void theDashboardCoversWhatOperatorsAskFor() throws Exception {
    String all = dashboard().get("panels").toString();
    assertThat(all)
        .contains("envoy_cluster_upstream_rq_time_bucket", "histogram_quantile(0.99")
        .contains("run_scaler_desired_replicas", "run_activator_requests_held")
        .contains("run_activator_cold_start_seconds", "run_xds_push_to_ack_seconds")
        .contains("run_xds_nacks_total", "envoy_response_code_class=\\\"5\\\"");
  }

  @Test
  void podMonitorsScrapePortsTheDeploymentsDeclareAndTheDataPathFast() throws Exception {
    List<ManifestLoader.Doc> docs =
        ManifestLoader.load(
            Manifests.dir().resolve("monitoring/prometheus-operator/podmonitors.yaml"));
    List<PodMonitor> monitors = ManifestLoader.ofKind(docs, PodMonitor.class);
    assertThat(monitors).hasSize(4);
    for (PodMonitor m : monitors) {
      assertThat(ManifestLoader.unknownFields(m)).as(m.getMetadata().getName()).isEmpty();
      String component = m.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name");
      Set<String> ports = portNames(component);
      for (PodMetricsEndpoint e : m.getSpec().getPodMetricsEndpoints()) {
        assertThat(ports).as(component).contains(e.getPort());
        if (component.equals("gateway") || component.equals("activator")) {
          assertThat(e.getInterval()).as(component + " scrape interval").isEqualTo("2s");
        }
      }
    }
  }

  @Test
  void thePlainScrapeConfigKeepsPortsTheDeploymentsDeclare() throws Exception {
    JsonNode config =
        YAML.readTree(
            Files.readString(Manifests.dir().resolve("monitoring/prometheus-scrape-config.yaml")));
    Set<String> jobs = new HashSet<>();
    for (JsonNode job : config.get("scrape_configs")) {
      jobs.add(job.get("job_name").asText());
      String regex = job.get("relabel_configs").get(0).get("regex").asText();
      Matcher m = Pattern.compile("([a-z-]+);([a-z-]+)").matcher(regex);
      int pairs = 0;
      while (m.find()) {
        pairs++;
        assertThat(portNames(m.group(1))).as(job.get("job_name").asText()).contains(m.group(2));
      }
      assertThat(pairs).isPositive();
    }
    assertThat(jobs).containsExactlyInAnyOrder("run-gateway", "run-activator", "run-control-plane");
  }

  @Test
  void theOverlaysCertificatesFillThePlatformsTlsSecret() throws Exception {
    var config = net.evroclabs.run.api.PlatformConfig.defaults();
    for (String overlay : List.of("dev", "prod")) {
      String text =
          Files.readString(Manifests.dir().resolve("overlays/" + overlay + "/certificate.yaml"));
      for (String doc : text.split("(?m)^---\\s*$")) {
        JsonNode n = YAML.readTree(doc);
        if (n != null && "Certificate".equals(n.path("kind").asText())) {
          assertThat(n.at("/metadata/namespace").asText()).isEqualTo(config.tlsSecretNamespace());
          assertThat(n.at("/spec/secretName").asText()).isEqualTo(config.tlsSecretName());
          assertThat(n.at("/spec/dnsNames/0").asText()).startsWith("*.");
        }
      }
    }
    String dev = Files.readString(Manifests.dir().resolve("overlays/dev/certificate.yaml"));
    assertThat(dev).contains("\"*." + config.domain() + "\"");
  }

  private static Set<String> portNames(String component) {
    Map<String, Set<String>> byComponent =
        deployments.stream()
            .collect(
                Collectors.toMap(
                    d -> d.getMetadata().getName(),
                    d ->
                        d.getSpec().getTemplate().getSpec().getContainers().stream()
                            .flatMap(c -> c.getPorts().stream())
                            .map(ContainerPort::getName)
                            .collect(Collectors.toSet())));
    assertThat(byComponent).containsKey(component);
    return byComponent.get(component);
  }
}
