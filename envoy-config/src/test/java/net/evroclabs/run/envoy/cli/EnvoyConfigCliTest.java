package net.evroclabs.run.envoy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.envoy.bootstrap.BootstrapSettings;
import net.evroclabs.run.envoy.bootstrap.GatewayBootstrap;
import net.evroclabs.run.envoy.bootstrap.XdsTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvoyConfigCliTest {

  private static final String SERVICE =
      """
      apiVersion: run.evroclabs.net/v1alpha1
      kind: Service
      metadata: {name: hello, namespace: team-a, uid: 0b7c4a52-3d1e-4f7e-9a55-2b1f0c9d8e71}
      spec:
        template:
          container:
            image: registry.example/hello:1.0
            port: 8080
            protocol: http1
          containerConcurrency: 0
          timeoutSeconds: 300
        traffic:
        - {latestRevision: true, percent: 90}
        - {revisionName: hello-00001, percent: 10, tag: previous}
      status:
        latestReadyRevisionName: hello-00002
      ---
      apiVersion: run.evroclabs.net/v1alpha1
      kind: Revision
      metadata: {name: hello-00001, namespace: team-a}
      spec:
        container: {image: "registry.example/hello:0.9", protocol: h2c}
        timeoutSeconds: 60
        containerConcurrency: 0
      """;

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EnvoyConfigCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void renderPrintsEveryNodeGroupsResourcesForTheServiceFiles() throws Exception {
    Path services = Files.writeString(dir.resolve("hello.yaml"), SERVICE);
    Path endpoints =
        Files.writeString(
            dir.resolve("endpoints.yaml"),
            """
            team-a/hello-00002: ["10.0.0.7:8080", "10.0.0.8:8080"]
            activator: ["10.1.0.5:8012"]
            """);

    int status = run("render", "--endpoints", endpoints.toString(), services.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonObject json =
        JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(json.keySet()).containsExactly("gateway", "activator", "proxyless");
    JsonObject gateway = json.getAsJsonObject("gateway");
    assertThat(gateway.getAsJsonArray("clusters").toString())
        .contains("\"team-a/hello-00001\"", "\"team-a/hello-00002\"", "\"protocol\":\"h2c\"");
    String host = "svc-" + Naming.iid("0b7c4a52-3d1e-4f7e-9a55-2b1f0c9d8e71") + ".run.localhost";
    assertThat(gateway.getAsJsonArray("routes").toString())
        .contains(host, "previous-" + host, "\"weight\":90", "\"weight\":10");
    assertThat(gateway.getAsJsonArray("endpoints").toString())
        .contains("10.0.0.7", "10.1.0.5")
        .as("hello-00001 has no pods, so the gateway sends it to the activator");
    assertThat(json.getAsJsonObject("activator").getAsJsonArray("endpoints").toString())
        .contains("10.0.0.7")
        .doesNotContain("10.1.0.5");
    assertThat(json.getAsJsonObject("proxyless").getAsJsonArray("listeners").toString())
        .contains("\"name\":\"" + host + "\"");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not rendered");
  }

  @Test
  void anInvalidServiceIsRefusedWithTheFieldNamed() throws Exception {
    Path services =
        Files.writeString(dir.resolve("bad.yaml"), SERVICE.replace("percent: 90", "percent: 80"));

    int status = run("render", services.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: service team-a/hello is invalid:")
        .contains("spec.traffic");
  }

  @Test
  void aMissingFileAndUnknownOptionsAreUsageErrors() {
    assertThat(run("render", dir.resolve("missing.yaml").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not exist");
    assertThat(run("render", "--nope")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("render")).isEqualTo(2);
  }

  @Test
  void malformedYamlIsReportedWithItsFile() throws Exception {
    Path services = Files.writeString(dir.resolve("broken.yaml"), "kind: Service\n  metadata: [\n");

    assertThat(run("render", services.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: " + services + " is not valid YAML");
  }

  @Test
  void aBadEndpointIsNamedWithItsFile() throws Exception {
    Path services = Files.writeString(dir.resolve("hello.yaml"), SERVICE);
    Path endpoints =
        Files.writeString(dir.resolve("endpoints.yaml"), "team-a/hello-00002: [\"pod:80\"]\n");

    assertThat(run("render", "--endpoints", endpoints.toString(), services.toString()))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("endpoints.yaml: team-a/hello-00002: endpoint address = 'pod'");
  }

  @Test
  void staticPrintsOneBootstrapWithTheGatewaysResourcesInlined() throws Exception {
    Path services = Files.writeString(dir.resolve("hello.yaml"), SERVICE);
    Path cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\n");
    Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\n");

    int status =
        run(
            "static",
            "--tls-cert",
            cert.toString(),
            "--tls-key",
            key.toString(),
            services.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("node:\n")
        .contains("static_resources:", "route_config:", "type: STATIC", "run-wildcard-tls")
        .doesNotContain("route_config_name");
  }

  @Test
  void staticWithoutACertificateIsAUsageError() throws Exception {
    Path services = Files.writeString(dir.resolve("hello.yaml"), SERVICE);

    assertThat(run("static", services.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("needs both --tls-cert and --tls-key");
  }

  @Test
  void bootstrapPrintsTheGatewayBootstrapYaml() {
    assertThat(run("bootstrap")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("node:\n  id: gateway\n  cluster: gateway\n");
  }

  @Test
  void bootstrapWithXdsTlsFilesDialsXdsServerOverMutualTls() {
    assertThat(
            run(
                "bootstrap",
                "--xds-tls-cert",
                "/etc/run/xds/tls.crt",
                "--xds-tls-key",
                "/etc/run/xds/tls.key",
                "--xds-tls-ca",
                "/etc/run/xds/ca.crt"))
        .isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            GatewayBootstrap.yaml(
                BootstrapSettings.defaults()
                    .withXdsTls(
                        new XdsTls(
                            "/etc/run/xds/tls.crt",
                            "/etc/run/xds/tls.key",
                            "/etc/run/xds/ca.crt"))))
        .contains("/etc/run/xds/ca.crt");
  }

  @Test
  void bootstrapXdsTlsFilesGoTogether() {
    assertThat(run("bootstrap", "--xds-tls-cert", "/etc/run/xds/tls.crt")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("missing --xds-tls-key, --xds-tls-ca");
  }
}
