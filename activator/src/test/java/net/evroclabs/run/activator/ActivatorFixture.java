package net.evroclabs.run.activator;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An activator on loopback with its xDS server and scaler, and the pods a test starts. */
final class ActivatorFixture implements AutoCloseable {

  final XdsTestServer xds;
  final ScalerStub scaler;
  final Activator activator;
  final HttpClient http;
  private final List<AutoCloseable> owned = new ArrayList<>();

  ActivatorFixture(String... flags) throws Exception {
    this(ScalerStub.started(), flags);
  }

  ActivatorFixture(ScalerStub scaler, String... flags) throws Exception {
    this.xds = new XdsTestServer();
    this.scaler = scaler;
    // No warm-up unless a test asks for one (ReleaseWarmupIT): it would only slow the others.
    String[] all = new String[flags.length + 1];
    all[0] = "--warmup-releases=0";
    System.arraycopy(flags, 0, all, 1, flags.length);
    ActivatorConfig config =
        ActivatorConfig.from(Map.of(), all).onLoopback("127.0.0.1", xds.port(), scaler.url());
    this.activator = Activator.start(config);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Publishes a revision and waits until the activator knows it. */
  void publish(RevisionKey key, RevisionSettings settings, List<Endpoint> ready) {
    xds.publish(key, settings, ready);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              RevisionDispatcher d = activator.registry().find(key);
              return d != null
                  && d.settings().equals(settings)
                  && d.endpoints().equals(List.copyOf(ready));
            });
  }

  TestBackend backend() throws InterruptedException {
    return own(TestBackend.http1());
  }

  <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + activator.proxyPort() + path);
  }

  HttpRequest.Builder request(RevisionKey key, String path) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(60))
        .header("x-run-revision", key.toString());
  }

  int held(RevisionKey key) {
    RevisionDispatcher d = activator.registry().find(key);
    return d == null ? 0 : d.heldCount();
  }

  /** The value of an unlabelled metric sample, 0 when it is not exposed yet. */
  double metric(String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name) + " (\\S+)$")
            .matcher(metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  String metrics() {
    return new String(activator.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    http.close();
    activator.close();
    for (AutoCloseable c : owned) {
      c.close();
    }
    xds.close();
    scaler.close();
  }
}
