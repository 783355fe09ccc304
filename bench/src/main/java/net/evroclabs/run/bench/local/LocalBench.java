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
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * instances, minus the sample's own start-up time (process launch to its first answer, measured
 * alone right before each cold start); throughput compares wrk through the local HTTPS ingress with
 * wrk straight to an instance, and with nginx terminating TLS in front of the same instance.
 */
public final class LocalBench implements BenchGroup {

  private static final int WARMUP_COLD_STARTS = 5;
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
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(platform.clientTls())
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      String host = awaitHost(platform);
      URI uri = URI.create("https://127.0.0.1:" + platform.httpsPort() + "/");
      awaitOk(http, uri, host, Duration.ofMinutes(2));

      // The app alone is launched right before each cold start, so that both see the same
      // machine. The cold requests go over one kept-alive TLS connection written and read on this
      // thread, as the app alone is timed with a plain socket: no client library's threads in
      // either.
      RawHttps cold = RawHttps.open(platform.clientTls(), platform.httpsPort(), host);
      cold.firstByteMs();
      double[] ttfb = new double[coldStarts];
      double[] portOpen = new double[coldStarts];
      double[] firstAnswer = new double[coldStarts];
      double[] platformOnly = new double[coldStarts];
      for (int i = -WARMUP_COLD_STARTS; i < coldStarts; i++) {
        // The autoscaler takes the idle revision to zero after its 1 s delay; every instance
        // has exited before the request.
        awaitInstances(platform, 0);
        double[] alone = appStartupMs();
        double ttfbMs = cold.firstByteMs();
        Duration startup =
            platform.processes().status("bench/hello-00001").orElseThrow().lastStartup();
        if (i >= 0) {
          ttfb[i] = ttfbMs;
          platformOnly[i] = ttfbMs - startup.toNanos() / 1e6;
          portOpen[i] = alone[0];
          firstAnswer[i] = alone[1];
        }
      }
      cold.close();
      double appP50 = percentile(firstAnswer, 0.5);
      double appP99 = percentile(firstAnswer, 0.99);
      report.record("local.app_port_open_p50_ms", percentile(portOpen, 0.5), "ms");
      report.record("local.app_startup_p50_ms", appP50, "ms");
      report.record("local.app_startup_p99_ms", appP99, "ms");
      report.record("local.cold_ttfb_p50_ms", percentile(ttfb, 0.5), "ms");
      report.record("local.cold_ttfb_p99_ms", percentile(ttfb, 0.99), "ms");
      // What the platform adds, as the shift between the two distributions at each percentile
      // (as the activator's added latency is measured).
      report.record("local.cold_start_overhead_p50_ms", percentile(ttfb, 0.5) - appP50, "ms");
      report.record("local.cold_start_overhead_p99_ms", percentile(ttfb, 0.99) - appP99, "ms");
      // Stricter: every cold start against the app's median, so the app's own variance counts too.
      double[] againstMedian = Arrays.stream(ttfb).map(t -> t - appP50).sorted().toArray();
      report.record(
          "local.cold_start_overhead_vs_app_median_p99_ms", percentile(againstMedian, 0.99), "ms");
      // Paired, per cold start: its first byte minus the start-up of the very instance that
      // served it (launch to its first passed readiness check). What is left is the platform's
      // own time plus the app's answer to the request itself, without the app's start-up
      // variance, which swings the figures above by tens of ms from run to run.
      report.record("local.cold_start_platform_p50_ms", percentile(platformOnly, 0.5), "ms");
      report.record("local.cold_start_platform_p99_ms", percentile(platformOnly, 0.99), "ms");
      report.note("cold first-byte times, sorted (ms)", joined(ttfb));
      report.note(
          "first byte minus the serving instance's launch-to-ready time, sorted (ms)",
          joined(platformOnly));
      report.note("app alone to its first answer, sorted (ms)", joined(firstAnswer));

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
      Path nginxDir = Files.createTempDirectory("bench-local-nginx");
      try (NginxTls nginx = NginxTls.start(nginxDir, direct.port())) {
        String nginxUrl = "https://127.0.0.1:" + nginx.port() + "/";
        String directUrl = "http://127.0.0.1:" + direct.port() + "/";
        // Every path warm (the JIT of the instance and of the ingress takes some 20 s of load to
        // settle), then interleaved rounds.
        List<String> warmUp = new java.util.ArrayList<>();
        warmUp.add("ingress " + warmUntilSteady(uri.toString(), host));
        warmUp.add("nginx " + warmUntilSteady(nginxUrl, null));
        warmUp.add("direct " + warmUntilSteady(directUrl, null));
        report.note("warm-up rounds (req/s)", String.join("; ", warmUp));
        double[] ingressRounds = new double[3];
        double[] nginxRounds = new double[ingressRounds.length];
        double[] directRounds = new double[ingressRounds.length];
        for (int round = 0; round < ingressRounds.length; round++) {
          ingressRounds[round] = wrk(uri.toString(), host, 6);
          nginxRounds[round] = wrk(nginxUrl, null, 6);
          directRounds[round] = wrk(directUrl, null, 6);
        }
        double viaIngress = percentile(ingressRounds, 0.5);
        double viaNginx = percentile(nginxRounds, 0.5);
        double straight = percentile(directRounds, 0.5);
        report.record("local.throughput_ingress_rps", viaIngress, "1/s");
        report.record("local.throughput_nginx_tls_rps", viaNginx, "1/s");
        report.record("local.throughput_direct_rps", straight, "1/s");
        report.record("local.throughput_ratio_vs_direct", viaIngress / straight, "x");
        report.record("local.nginx_tls_ratio_vs_direct", viaNginx / straight, "x");
        report.record("local.throughput_ratio_vs_nginx_tls", viaIngress / viaNginx, "x");
      }
    }
    report.note(
        "setup",
        "samples/hello as the workload; "
            + coldStarts
            + " measured cold starts after "
            + WARMUP_COLD_STARTS
            + " unmeasured ones, each after the autoscaler took the idle revision to zero (delay"
            + " 1 s, short windows) and its process exited; first-byte time of a request through"
            + " the local HTTPS ingress on a kept-alive TLS connection (a blocking socket: from"
            + " writing the request to reading the first byte of the answer); the app alone is"
            + " launched"
            + " right before each cold start and timed from launch to its first answer to GET /"
            + " (polled every 1 ms; app_port_open: to its port accepting); overhead p50/p99 ="
            + " first-byte p50/p99 minus the app's p50/p99, vs_app_median = every first byte"
            + " minus the app's median; throughput: wrk -t2 -c32 through the ingress (HTTPS,"
            + " keep-alive), through nginx (2 workers, TLS, keep-alive upstream) and straight to"
            + " the instance (HTTP), one instance, every path warmed in 3 s rounds until one is within 5 % of the one before (at most 12), then 3 interleaved"
            + " rounds of 6 s, medians; all on one machine");
  }

  private static String joined(double[] values) {
    return Arrays.stream(values)
        .sorted()
        .mapToObj(v -> String.format(java.util.Locale.ROOT, "%.1f", v))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /**
   * The sample alone: launch to its port accepting connections, and launch to its first answer to
   * {@code GET /} (what a user waits for), in ms.
   */
  private static double[] appStartupMs() throws Exception {
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
      double open = -1;
      while (true) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 100);
          if (open < 0) {
            open = (System.nanoTime() - t0) / 1e6;
          }
          s.setSoTimeout(5_000);
          s.getOutputStream()
              .write(
                  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
          if (status.startsWith("HTTP/1.1 200")) {
            return new double[] {open, (System.nanoTime() - t0) / 1e6};
          }
        } catch (IOException notYet) {
          if (!p.isAlive()) {
            throw new IllegalStateException("the sample exited with " + p.exitValue());
          }
        }
        Thread.sleep(1);
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

  /**
   * Runs wrk in 3 s rounds until a round's throughput is within 5 % of the round before, at most 12
   * rounds; returns the rounds' figures.
   */
  private static String warmUntilSteady(String url, String host) throws Exception {
    List<String> rounds = new java.util.ArrayList<>();
    double previous = -1;
    for (int i = 0; i < 12; i++) {
      double rps = wrk(url, host, 3);
      rounds.add(String.format(java.util.Locale.ROOT, "%.0f", rps));
      if (previous > 0 && Math.abs(rps - previous) <= 0.05 * previous) {
        break;
      }
      previous = rps;
    }
    return String.join(" ", rounds);
  }

  private static double wrk(String url, String host, int seconds) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("wrk", "-t2", "-c32", "-d" + seconds + "s", url));
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

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
