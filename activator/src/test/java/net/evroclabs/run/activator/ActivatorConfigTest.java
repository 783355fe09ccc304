package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivatorConfigTest {

  @Test
  void noEnvironmentAndNoFlagsGiveTheDefaults() {
    assertThat(ActivatorConfig.from(Map.of("PATH", "/bin"), new String[0]))
        .isEqualTo(ActivatorConfig.defaults());
  }

  @Test
  void kubernetesServiceLinkVariablesOfAServiceNamedActivatorAreNotConfiguration() {
    assertThat(
            ActivatorConfig.from(
                Map.of(
                    "ACTIVATOR_PORT", "tcp://10.0.0.1:8012", "ACTIVATOR_SERVICE_HOST", "10.0.0.1"),
                new String[0]))
        .isEqualTo(ActivatorConfig.defaults());
  }

  @Test
  void defaultsMatchTheContract() {
    ActivatorConfig d = ActivatorConfig.defaults();
    assertThat(d.proxyPort()).isEqualTo(8012);
    assertThat(d.adminPort()).isEqualTo(9090);
    assertThat(d.xdsHost() + ":" + d.xdsPort()).isEqualTo("127.0.0.1:18000");
    assertThat(d.scalerUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(d.queueLimit()).isEqualTo(10_000);
    assertThat(d.warmupReleases()).isEqualTo(2000);
  }

  @Test
  void environmentVariablesAndFlagsOverrideDefaultsAndFlagsWin() {
    ActivatorConfig c =
        ActivatorConfig.from(
            Map.of(
                "RUN_ACTIVATOR_QUEUE_LIMIT", "5",
                "RUN_ACTIVATOR_SCALER_URL", "http://scaler:8080",
                "RUN_ACTIVATOR_POKE_INTERVAL", "500ms"),
            new String[] {
              "--queue-limit=7", "--drain-timeout=PT10S", "--xds-port=19000", "--warmup-releases=0"
            });
    assertThat(c.queueLimit()).isEqualTo(7);
    assertThat(c.scalerUrl()).isEqualTo(URI.create("http://scaler:8080"));
    assertThat(c.pokeInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.xdsPort()).isEqualTo(19000);
    assertThat(c.warmupReleases()).isZero();
  }

  @Test
  void badValuesAreRejectedNamingKeyAndValue() {
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--queue-limit=0"}))
        .hasMessage("queueLimit = 0, must be >= 1");
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--proxy-port=x"}))
        .hasMessageContaining("proxy-port = 'x'");
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--poke-interval=soon"}))
        .hasMessageContaining("poke-interval = 'soon'");
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--scaler-url=ftp://x"}))
        .hasMessageContaining("scalerUrl = ftp://x");
    assertThatThrownBy(
            () -> ActivatorConfig.from(Map.of(), new String[] {"--unknown-revision-wait=-1s"}))
        .hasMessage("unknownRevisionWait = PT-1S, must be >= 0s");
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--warmup-releases=-1"}))
        .hasMessage("warmupReleases = -1, must be >= 0");
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--warmup-releases=x"}))
        .hasMessageContaining("warmup-releases = 'x'");
  }

  @Test
  void unknownKeysAndMalformedFlagsAreErrors() {
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--colour=red"}))
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"queue-limit"}))
        .hasMessageContaining("must be --key=value");
  }

  @Test
  void ingressKeys() {
    ActivatorConfig d = ActivatorConfig.defaults();
    assertThat(d.ingress().enabled()).isFalse();
    assertThat(d.ingress().httpPort()).isEqualTo(8080);
    assertThat(d.ingress().httpsPort()).isEqualTo(8443);
    assertThat(d.ingress().certDir())
        .isEqualTo(java.nio.file.Path.of(System.getProperty("user.home"), ".evroc-run", "tls"));
    assertThat(d.ingress().domain()).isEqualTo("run.localhost");
    assertThat(d.ingress().nodeId()).isEqualTo("local-ingress");
    ActivatorConfig c =
        ActivatorConfig.from(
            Map.of("RUN_ACTIVATOR_INGRESS", "true"),
            new String[] {
              "--ingress-http-port=0",
              "--ingress-https-port=9443",
              "--ingress-cert-dir=/tmp/tls",
              "--ingress-domain=run.test",
              "--ingress-node-id=dev"
            });
    assertThat(c.ingress())
        .isEqualTo(
            new net.evroclabs.run.activator.ingress.IngressConfig(
                true, 0, 9443, java.nio.file.Path.of("/tmp/tls"), "run.test", "dev"));
    assertThatThrownBy(() -> ActivatorConfig.from(Map.of(), new String[] {"--ingress=yes"}))
        .hasMessage("ingress = 'yes', must be true or false");
    assertThatThrownBy(
            () -> ActivatorConfig.from(Map.of(), new String[] {"--ingress-https-port=70000"}))
        .hasMessageContaining("ingressHttpsPort = 70000");
  }

  @Test
  void xdsTlsIsOffByDefaultAndTakesItsThreeFilesFromEnvironmentOrFlags() {
    assertThat(ActivatorConfig.defaults().xdsTls()).isNull();

    ActivatorConfig c =
        ActivatorConfig.from(
            Map.of(
                "RUN_ACTIVATOR_XDS_TLS_CERT", "/etc/run/xds/tls.crt",
                "RUN_ACTIVATOR_XDS_TLS_KEY", "/etc/run/xds/tls.key"),
            new String[] {"--xds-tls-ca=/etc/run/xds/ca.crt"});

    assertThat(c.xdsTls())
        .isEqualTo(
            new ActivatorConfig.XdsTls(
                Path.of("/etc/run/xds/tls.crt"),
                Path.of("/etc/run/xds/tls.key"),
                Path.of("/etc/run/xds/ca.crt")));
  }

  @Test
  void xdsTlsFilesAreSetTogetherAndTheErrorNamesTheMissingOnes() {
    assertThatThrownBy(
            () ->
                ActivatorConfig.from(
                    Map.of("RUN_ACTIVATOR_XDS_TLS_CERT", "/etc/run/xds/tls.crt"), new String[0]))
        .hasMessage(
            "xds-tls-cert, xds-tls-key and xds-tls-ca must be set together; missing xds-tls-key,"
                + " xds-tls-ca");
    assertThatThrownBy(
            () ->
                ActivatorConfig.from(
                    Map.of(),
                    new String[] {"--xds-tls-cert=a.pem", "--xds-tls-key=", "--xds-tls-ca=c.pem"}))
        .hasMessageEndingWith("missing xds-tls-key");
  }

  @Test
  void unreadableXdsTlsFilesAreAnErrorNamingTheKeyAndFile(@TempDir Path dir) {
    Path missing = dir.resolve("absent.pem");

    assertThatThrownBy(
            () -> Activator.xdsCredentials(new ActivatorConfig.XdsTls(missing, missing, missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("xds-tls-cert = " + missing + ", xds-tls-key = " + missing);
  }
}
