package net.evroclabs.run.bench.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.bench.BenchGroup;
import net.evroclabs.run.bench.BenchReport;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.local.platform.LocalOptions;
import net.evroclabs.run.local.platform.LocalPlatform;
import net.evroclabs.run.local.process.ProcessWorkloads;
import net.evroclabs.run.scaler.decision.Tuning;

/**
 * {@code bench/run local [coldStarts]}: the platform in local mode with {@code samples/hello}.
 * Cold-start overhead is the time to the first response byte of a request to a service at zero
 * instances, minus the sample's own start-up time (process launch to its port accepting, measured
 * alone); throughput compares wrk through the local HTTPS ingress with wrk straight to an instance.
 */
public final class LocalBench implements BenchGroup {

  private static final Path HELLO = Path.of("samples/hello/target/hello.jar");
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

  @Override
  public void run(BenchReport report, String[] args) throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    int coldStarts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    if (!Files.isRegularFile(HELLO)) {
      throw new IllegalStateException(HELLO + " is missing: bench/run builds it (samples/hello)");
    }
    double[] startup = new double[15];
    for (int i = 0; i < startup.length; i++) {
      startup[i] = appStartupMs();
    }
    double startupP50 = percentile(startup, 0.5);
    report.record("local.app_startup_p50_ms", startupP50, "ms");

    Path services = Files.createTempDirectory("bench-local-services");
    Path state = Files.createTempDirectory("bench-local-state");
    Files.writeString(
        services.resolve("hello.yaml"),
        """
        apiVersion: run.evroclabs.net/v1alpha1
        kind: Service
        metadata: {name: hello, namespace: bench}
        spec:
          template:
            container:
              image: local/hello
              command: [%s, -jar, %s]
              readinessProbe: {httpGet: {path: /healthz}}
          autoscaling: {minScale: 0, maxScale: 4, scaleToZeroDelay: 1s}
        """
            .formatted(JAVA, HELLO.toAbsolutePath()));
    LocalOptions options =
        LocalOptions.defaults(services)
            .withStateDir(state)
            .withPorts(0, 0)
            .withTimings(Duration.ofSeconds(2), Duration.ofMillis(200))
            // Short windows, so that the autoscaler takes the revision to zero within seconds.
            .withTuning(
                new Tuning(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    2.0,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Tuning.defaults().maxExtrapolation(),
                    Tuning.defaults().latencyAim()));
    try (LocalPlatform platform = LocalPlatform.start(options, Clock.systemUTC())) {
      HttpClient http = client();
      String host = awaitHost(platform);
      URI uri = URI.create("https://127.0.0.1:" + platform.httpsPort() + "/");
      awaitOk(http, uri, host, Duration.ofMinutes(2));

      double[] overhead = new double[coldStarts];
      for (int i = 0; i < coldStarts; i++) {
        // The autoscaler takes the idle revision to zero after its 1 s delay; every instance
        // has exited before the request.
        awaitInstances(platform, 0);
        long t0 = System.nanoTime();
        HttpResponse<java.io.InputStream> r =
            http.send(
                HttpRequest.newBuilder(uri).header("Host", host).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        double ttfbMs = (System.nanoTime() - t0) / 1e6;
        r.body().close();
        if (r.statusCode() != 200) {
          throw new IllegalStateException("cold request answered " + r.statusCode());
        }
        overhead[i] = ttfbMs - startupP50;
      }
      report.record("local.cold_start_overhead_p50_ms", percentile(overhead, 0.5), "ms");
      report.record("local.cold_start_overhead_p99_ms", percentile(overhead, 0.99), "ms");

      // Steady state: exactly one warm instance (the file now pins it), through the ingress and
      // straight to it.
      Files.writeString(
          services.resolve("hello.yaml"),
          Files.readString(services.resolve("hello.yaml"))
              .replace(
                  "minScale: 0, maxScale: 4, scaleToZeroDelay: 1s", "minScale: 1, maxScale: 1"));
      awaitOk(http, uri, host, Duration.ofSeconds(30));
      awaitInstances(platform, 1);
      ProcessWorkloads.Endpoint direct =
          platform.processes().status("bench/hello-00001").orElseThrow().endpoints().get(0);
      awaitOk(http, uri, host, Duration.ofSeconds(30));
      double viaIngress = wrk(uri.toString(), host);
      double straight = wrk("http://127.0.0.1:" + direct.port() + "/", null);
      report.record("local.throughput_ingress_rps", viaIngress, "1/s");
      report.record("local.throughput_direct_rps", straight, "1/s");
      report.record("local.throughput_ratio_vs_direct", viaIngress / straight, "x");
    }
    report.note(
        "setup",
        "samples/hello as the workload; "
            + coldStarts
            + " cold starts, each after the autoscaler took the idle revision to zero (delay 1 s,"
            + " short windows) and its process exited; overhead = time to first response byte (HTTPS through the"
            + " local ingress on a kept-alive connection) minus the p50 of 15 launches of the app alone"
            + " (launch to port accepting); throughput: wrk -t2 -c32 -d8s through the ingress"
            + " (HTTPS, keep-alive) and straight to the instance (HTTP), one instance, same"
            + " machine");
  }

  /** Launch to accepting connections of the sample alone, in ms. */
  private static double appStartupMs() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(JAVA, "-jar", HELLO.toString());
    pb.environment().put("PORT", Integer.toString(port));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      while (true) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 100);
          return (System.nanoTime() - t0) / 1e6;
        } catch (IOException notYet) {
          if (!p.isAlive()) {
            throw new IllegalStateException("the sample exited with " + p.exitValue());
          }
          Thread.sleep(1);
        }
      }
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String awaitHost(LocalPlatform platform) throws InterruptedException {
    ResourceKey key = new ResourceKey("bench", "hello");
    for (int i = 0; i < 600; i++) {
      var s = platform.store().service(key);
      if (s.isPresent() && s.get().getMetadata().getUid() != null) {
        return Naming.serviceHost(platform.config(), Naming.iid(s.get().getMetadata().getUid()));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the service was not read from its file");
  }

  private static void awaitInstances(LocalPlatform platform, int ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      var s = platform.processes().status("bench/hello-00001");
      if (s.isPresent()
          && s.get().ready() == ready
          && s.get().starting() == 0
          && platform.processes().pids().size() == ready) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the revision did not reach " + ready + " instances");
  }

  private static void awaitOk(HttpClient http, URI uri, String host, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri).header("Host", host).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the service did not answer 200: " + last);
  }

  private static double wrk(String url, String host) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("wrk", "-t2", "-c32", "-d8s", url));
    if (host != null) {
      cmd.add(1, "Host: " + host);
      cmd.add(1, "-H");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    if (out.contains("Non-2xx")) {
      throw new IllegalStateException("wrk saw errors: " + out);
    }
    Matcher m = RPS.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output: " + out);
    }
    return Double.parseDouble(m.group(1));
  }

  private static HttpClient client() throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    return HttpClient.newBuilder()
        .sslContext(trustAll)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
