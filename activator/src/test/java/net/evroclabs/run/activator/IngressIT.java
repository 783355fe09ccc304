package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import net.evroclabs.run.activator.ingress.IngressTraffic;
import net.evroclabs.run.activator.ingress.LocalCertificate;
import net.evroclabs.run.activator.ingress.RouteSource;
import net.evroclabs.run.activator.ingress.RoutingModels;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TrafficTarget;
import net.evroclabs.run.envoy.translate.EnvoyConfig;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import net.evroclabs.run.envoy.translate.GroupResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activator as local ingress: routes from envoy-config's translator over a java-control-plane
 * ADS server (node groups {@code gateway} and {@code activator}), two loopback pods that answer
 * their revision's name, HTTPS with the generated keystore.
 */
class IngressIT {

  static {
    LeakCounter.install();
  }

  @TempDir Path certDir;

  private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getCluster());
  private final NackLog callbacks = new NackLog();
  private final List<String> nacks = callbacks.entries();
  private Server xds;
  private ScalerStub scaler;
  private HttpServer pod1;
  private HttpServer pod2;
  private Activator activator;
  private SSLSocketFactory tls;
  private Socket conn;

  @BeforeEach
  void start() throws Exception {
    xds =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new V3DiscoveryServer(callbacks, cache).getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
    scaler = ScalerStub.started();
    pod1 = pod("hello-00001");
    pod2 = pod("hello-00002");
    ActivatorConfig config =
        ActivatorConfig.from(
                Map.of(), new String[] {"--ingress=true", "--ingress-cert-dir=" + certDir})
            .onLoopback("127.0.0.1", xds.getPort(), scaler.url());
    activator = Activator.start(config);
    tls =
        LocalCertificate.trustingContext(certDir.resolve(LocalCertificate.FILE)).getSocketFactory();
  }

  @AfterEach
  void stop() throws Exception {
    if (conn != null) {
      conn.close();
    }
    activator.close();
    pod1.stop(0);
    pod2.stop(0);
    scaler.close();
    xds.shutdownNow().awaitTermination();
  }

  @AfterAll
  static void noLeaks() {
    LeakCounter.assertNoLeaks();
  }

  private static HttpServer pod(String name) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String revision = exchange.getRequestHeaders().getFirst("x-run-revision");
          byte[] body =
              (name + (revision == null ? "" : " saw x-run-revision"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    s.start();
    return s;
  }

  private EnvoyConfig translate(RoutedService service) {
    return EnvoyTranslator.translateOnce(RoutingModels.model(service));
  }

  private RoutedService hello() {
    return RoutingModels.hello(
        List.of(new Endpoint("127.0.0.1", pod1.getAddress().getPort())),
        List.of(new Endpoint("127.0.0.1", pod2.getAddress().getPort())));
  }

  private void publish() {
    EnvoyConfig config = translate(hello());
    cache.setSnapshot("activator", config.activator().snapshot("1"));
    cache.setSnapshot("gateway", config.gateway().snapshot("1"));
  }

  /** A response read by {@link #exchange}. */
  record Reply(int statusCode, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  /** A request on the kept-alive HTTPS connection (a new one when the server closed it). */
  private Reply get(String host, String path, String... headers) throws Exception {
    for (int attempt = 0; ; attempt++) {
      if (conn == null || conn.isClosed()) {
        conn = tls.createSocket("127.0.0.1", activator.ingressHttpsPort());
      }
      try {
        Reply r = exchange(conn, host, path, false, headers);
        if ("close".equalsIgnoreCase(r.headers().get("connection"))) {
          conn.close();
        }
        return r;
      } catch (java.io.IOException e) {
        conn.close();
        if (attempt > 0) {
          throw e;
        }
      }
    }
  }

  /**
   * One HTTP/1.1 request on its own connection, sent by hand: the JDK client neither lets a test
   * set {@code Host} nor skip hostname checks without JVM-wide flags.
   */
  private static Reply exchange(
      Socket s, String host, String path, boolean close, String... headers) throws Exception {
    s.setSoTimeout(30_000);
    StringBuilder request =
        new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    request.append(close ? "Connection: close\r\n\r\n" : "\r\n");
    OutputStream out = s.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = new BufferedInputStream(s.getInputStream());
    String status = line(in);
    Map<String, String> fields = new HashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      fields.put(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    byte[] body;
    if (fields.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(fields.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).trim(), 16);
          n > 0;
          n = Integer.parseInt(line(in).trim(), 16)) {
        b.write(in.readNBytes(n));
        line(in);
      }
      body = b.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Reply(
        Integer.parseInt(status.split(" ")[1]), fields, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new java.io.EOFException("connection closed after '" + b + "'");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Test
  void routesByHostOverHttps() throws Exception {
    Reply early = get(RoutingModels.HOST, "/");
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(early.header("retry-after")).isPresent();

    publish();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(RoutingModels.HOST, "/").statusCode() == 200);
    long before = forwarded();

    Map<String, Integer> seen = new HashMap<>();
    int n = 500;
    for (int i = 0; i < n; i++) {
      Reply r = get(RoutingModels.HOST, "/x?i=" + i);
      assertThat(r.statusCode()).isEqualTo(200);
      seen.merge(r.body(), 1, Integer::sum);
    }
    // x-run-* headers never reach a pod.
    assertThat(seen.keySet()).containsExactlyInAnyOrder("hello-00001", "hello-00002");
    assertThat(seen.get("hello-00002")).isBetween(350, 450);

    for (int i = 0; i < 20; i++) {
      Reply tag = get(RoutingModels.TAG_HOST + ":443", "/", "x-run-revision", "team-a/hello-00002");
      assertThat(tag.statusCode()).isEqualTo(200);
      assertThat(tag.body()).isEqualTo("hello-00001");
    }

    Reply unknown = get("nothing.run.localhost", "/");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("no service at nothing.run.localhost\n");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                activator.ingressTraffic().orElseThrow().snapshot().values().stream()
                        .mapToLong(IngressTraffic.RevisionTraffic::active)
                        .sum()
                    == 0);
    assertThat(forwarded() - before).isEqualTo(n + 20);
    Map<String, IngressTraffic.RevisionTraffic> traffic =
        activator.ingressTraffic().orElseThrow().snapshot();
    assertThat(traffic.keySet())
        .containsExactlyInAnyOrder("team-a/hello-00001", "team-a/hello-00002");
    for (IngressTraffic.RevisionTraffic t : traffic.values()) {
      assertThat(t.latencyCount()).isEqualTo(t.requests());
      long[] buckets = t.latencyBucketCounts();
      assertThat(buckets[buckets.length - 1]).isEqualTo(t.requests());
    }
  }

  private long forwarded() {
    return activator.ingressTraffic().orElseThrow().snapshot().values().stream()
        .mapToLong(IngressTraffic.RevisionTraffic::requests)
        .sum();
  }

  @Test
  void keepsTheLastGoodRoutesOnAnUnreadableListenerAndFollowsChanges() throws Exception {
    publish();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(RoutingModels.HOST, "/").statusCode() == 200);

    // v2: a listener whose HTTP connection manager cannot be parsed.
    GroupResources good = translate(hello()).gateway();
    Listener bad =
        Listener.newBuilder()
            .setName("bad")
            .addFilterChains(
                FilterChain.newBuilder()
                    .addFilters(
                        Filter.newBuilder()
                            .setName("envoy.filters.network.http_connection_manager")
                            .setTypedConfig(
                                Any.newBuilder()
                                    .setTypeUrl(
                                        "type.googleapis.com/envoy.extensions.filters.network"
                                            + ".http_connection_manager.v3.HttpConnectionManager")
                                    .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 1})))))
            .build();
    List<Listener> listeners = new java.util.ArrayList<>(good.listeners());
    listeners.add(bad);
    cache.setSnapshot(
        "gateway",
        Snapshot.create(
            good.clusters(), good.endpoints(), listeners, good.routes(), good.secrets(), "2"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                nacks.stream().anyMatch(n -> n.startsWith("gateway " + RouteSource.LISTENER_TYPE)));
    assertThat(get(RoutingModels.TAG_HOST, "/").body()).isEqualTo("hello-00001");

    // v3: all traffic to hello-00001, the tag removed.
    RoutedService h = hello();
    RoutedService moved =
        new RoutedService(
            h.namespace(),
            h.name(),
            h.host(),
            List.of(new TrafficTarget("hello-00001", 100)),
            List.of(),
            h.revisions());
    EnvoyConfig v3 = translate(moved);
    cache.setSnapshot("activator", v3.activator().snapshot("3"));
    cache.setSnapshot("gateway", v3.gateway().snapshot("3"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(RoutingModels.TAG_HOST, "/").statusCode() == 404);
    for (int i = 0; i < 50; i++) {
      assertThat(get(RoutingModels.HOST, "/").body()).isEqualTo("hello-00001");
    }
  }

  @Test
  void plainHttpRedirectsToHttps() throws Exception {
    Reply r;
    try (Socket s = new Socket("127.0.0.1", activator.ingressHttpPort())) {
      r = exchange(s, RoutingModels.HOST + ":8080", "/a/b?c=d", true);
    }
    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.header("location"))
        .hasValue(
            "https://" + RoutingModels.HOST + ":" + activator.ingressHttpsPort() + "/a/b?c=d");
  }
}
