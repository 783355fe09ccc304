package net.evroclabs.run.bench.activator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.evroclabs.run.activator.ActivatorConfig;
import net.evroclabs.run.bench.BenchGroup;
import net.evroclabs.run.bench.BenchReport;

/**
 * {@code bench/run activator}: the activator (as its own process, from its shaded jar) side by side
 * with nginx as a reverse proxy to the same backend, then hold capacity and release latency, all on
 * loopback.
 */
public final class ActivatorBench implements BenchGroup {

  private static final int WRK_SECONDS = 6;
  private static final int ROUNDS = 3;
  private static final int WRK_CONNECTIONS = 64;
  // wrk paces a connection in whole milliseconds between a response and its next request, so the
  // paced load is set by the number of connections, each waiting this long.
  private static final int PACE_MS = 1;
  private static final int CALIBRATION_SECONDS = 3;
  private static final int MAX_PACED_CONNECTIONS = 256;
  // A p99 is the 2nd-slowest of 100 trials and the 4th of 300, which moved by a millisecond from
  // run to run; of 1,000 it is the 10th, steadier for about 20 s more.
  private static final int RELEASE_TRIALS = 1000;
  // From the scaler's answer to a poke to the pod-ready update, in each release trial.
  private static final int POKE_TO_READY_MS = 5;
  private static final int RELEASE_AFTER_START_TRIALS = 100;
  private static final int RELEASE_AFTER_START_SKIPPED = 5;
  private static final int RELEASE_WARMUP_TRIALS = 300;
  private static final int BENCH_SIDE_WARMUP_TRIALS = 2000;
  // A release trial takes about this long; the fresh-connection peer comes as often.
  private static final int FRESH_CONNECTION_GAP_MS = 20;
  // Back to back, so that the JIT has compiled the client side as it has the activator's.
  private static final int FRESH_CONNECTION_WARMUP = 3000;
  // Trials name their services cold-<n>; the bench side's warm-up numbers its own apart.
  private static final int BENCH_SIDE_FIRST_TRIAL = 1_000_000;
  private static final int WARMUP_SECONDS = 10;
  // As many event loops as nginx has workers, one per core.
  private static final int IO_THREADS = 2;

  private static final Pattern POKE_NAMESPACE = Pattern.compile("\"namespace\":\"([^\"]+)\"");
  private static final Pattern POKE_REVISION = Pattern.compile("\"revision\":\"([^\"]+)\"");

  // Revisions whose poke the scaler stub answered: the activator holds a request for each.
  private final Set<String> poked = ConcurrentHashMap.newKeySet();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Override
  public void run(BenchReport report, String[] args) throws Exception {
    for (String arg : args) {
      if (!arg.equals("--warm-path-only") && !arg.equals("--release-only")) {
        throw new IllegalArgumentException(
            "unknown option " + arg + " for activator (known: --warm-path-only, --release-only)");
      }
    }
    boolean warmOnly = Arrays.asList(args).contains("--warm-path-only");
    boolean releaseOnly = Arrays.asList(args).contains("--release-only");
    if (warmOnly && releaseOnly) {
      throw new IllegalArgumentException("--warm-path-only and --release-only exclude each other");
    }
    Path jar = Path.of("activator/target/activator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing; build it with ./mvnw -pl activator package");
    }
    Path dir = Files.createTempDirectory("activator-bench");
    report.note(
        "conditions",
        "loopback only; "
            + Runtime.getRuntime().availableProcessors()
            + " cores shared by wrk (2 threads), the backend (nginx, 2 workers), the proxies (nginx, 2"
            + " workers; the activator, "
            + IO_THREADS
            + " I/O threads, -Xmx512m, Parallel GC, own JVM) and the pods; load average at the start "
            + loadAverage());
    HttpServer scaler = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    scaler.createContext(
        "/v1/poke",
        ex -> {
          String revision = null;
          try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher ns = POKE_NAMESPACE.matcher(body);
            Matcher rev = POKE_REVISION.matcher(body);
            if (ns.find() && rev.find()) {
              revision = ns.group(1) + "/" + rev.group(1);
            }
            ex.sendResponseHeaders(202, -1);
          }
          if (revision != null) {
            poked.add(revision);
          }
        });
    scaler.start();
    try (XdsFeed xds = new XdsFeed();
        Pod pod = new Pod();
        Nginx nginx = Nginx.start(dir.resolve("nginx"), freePort(), freePort(), 2)) {
      xds.publish("bench/warm-00001", 0, List.of(nginx.backendPort));
      if (warmOnly) {
        report.partial("--warm-path-only: the warm path's figures alone");
      } else {
        if (releaseOnly) {
          report.partial("--release-only: release_first and the fresh-connection floor alone");
        }
        warmBenchSide(report, dir, jar, xds, pod, scaler.getAddress().getPort());
      }
      try (ActivatorProcess act =
          ActivatorProcess.start(dir, jar, xds.port(), scaler.getAddress().getPort(), IO_THREADS)) {
        if (!releaseOnly) {
          warmPath(report, nginx, act, new Wrk(dir));
        }
        if (!warmOnly) {
          releaseFirst(report, xds, pod, act);
          freshConnections(report, pod);
        }
        if (!warmOnly && !releaseOnly) {
          releaseThousand(report, xds, pod, act);
          holdTenThousand(report, xds, pod, act);
        }
      }
      report.note("load average at the end", loadAverage());
    } finally {
      scaler.stop(0);
      http.close();
    }
  }

  /**
   * Runs release trials against a throwaway activator so that this process's side of a release
   * (xds-server's pipeline, cache and ADS server; the pod) is compiled by the JIT before the
   * measured activator starts: in a cluster xds-server runs long and serves every change, and a pod
   * is the customer's process, so neither's warm-up belongs in the activator's figures.
   */
  private void warmBenchSide(
      BenchReport report, Path dir, Path jar, XdsFeed xds, Pod pod, int scalerPort)
      throws Exception {
    long start = System.nanoTime();
    try (ActivatorProcess throwaway =
        ActivatorProcess.start(
            dir, jar, xds.port(), scalerPort, IO_THREADS, "--warmup-releases=0")) {
      releaseTrials(xds, pod, throwaway, BENCH_SIDE_FIRST_TRIAL, BENCH_SIDE_WARMUP_TRIALS);
    }
    report.note(
        "bench side warm-up",
        String.format(
            Locale.ROOT,
            "%d release trials against a throwaway activator (%.0f s) before the measured one"
                + " started, so that xds-server's side and the pod's are JIT-compiled as in a"
                + " long-running cluster",
            BENCH_SIDE_WARMUP_TRIALS,
            (System.nanoTime() - start) / 1e9));
  }

  private void warmPath(BenchReport report, Nginx nginx, ActivatorProcess act, Wrk wrk)
      throws Exception {
    String direct = "http://127.0.0.1:" + nginx.backendPort + "/";
    String viaNginx = "http://127.0.0.1:" + nginx.proxyPort + "/";
    String viaActivator = "http://127.0.0.1:" + act.proxyPort + "/";
    String revision = "bench/warm-00001";
    awaitTrue(() -> status(direct, null) == 200, 10, "nginx backend up");
    awaitTrue(() -> status(viaActivator, revision) == 200, 10, "activator proxies warm revision");
    // The same warm-up for both proxies (JIT, pools, upstream connections).
    wrk.run(viaActivator, revision, WRK_CONNECTIONS, WARMUP_SECONDS, 0);
    wrk.run(viaNginx, null, WRK_CONNECTIONS, WARMUP_SECONDS, 0);

    // Interleaved rounds, the order turning each round, and the median of each side: on shared
    // cores one 8 s run of each, one after the other, mostly measures what else ran meanwhile.
    List<Wrk.Result> maxDirect = new ArrayList<>();
    List<Wrk.Result> maxNginx = new ArrayList<>();
    List<Wrk.Result> maxActivator = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < 3; k++) {
        switch ((round + k) % 3) {
          case 0 -> maxDirect.add(wrk.run(direct, null, WRK_CONNECTIONS, WRK_SECONDS, 0));
          case 1 -> maxNginx.add(wrk.run(viaNginx, null, WRK_CONNECTIONS, WRK_SECONDS, 0));
          default ->
              maxActivator.add(wrk.run(viaActivator, revision, WRK_CONNECTIONS, WRK_SECONDS, 0));
        }
      }
    }
    double directRps = median(maxDirect, Wrk.Result::rps);
    double nginxRps = median(maxNginx, Wrk.Result::rps);
    double activatorRps = median(maxActivator, Wrk.Result::rps);
    report.record("activator.direct_max_rps", round(directRps), "req/s");
    report.record("activator.nginx_max_rps", round(nginxRps), "req/s");
    report.record("activator.activator_max_rps", round(activatorRps), "req/s");
    report.record("activator.throughput_ratio_vs_nginx", round3(activatorRps / nginxRps), "x");
    StringBuilder rounds = new StringBuilder();
    for (int round = 0; round < ROUNDS; round++) {
      rounds.append(round == 0 ? "" : ", ");
      rounds.append(
          String.format(
              Locale.ROOT, "%.0f/%.0f", maxActivator.get(round).rps(), maxNginx.get(round).rps()));
    }
    report.note(
        "max load",
        ROUNDS
            + " interleaved rounds of "
            + WRK_SECONDS
            + " s, "
            + WRK_CONNECTIONS
            + " connections, medians reported; activator/nginx req/s per round: "
            + rounds);
    report.note(
        "errors at max load",
        "direct "
            + maxDirect.stream().mapToInt(Wrk.Result::errors).sum()
            + ", nginx "
            + maxNginx.stream().mapToInt(Wrk.Result::errors).sum()
            + ", activator "
            + maxActivator.stream().mapToInt(Wrk.Result::errors).sum());

    double target = nginxRps / 2;
    int connections = pacedConnections(wrk, viaNginx, target);
    List<Wrk.Result> pacedDirect = new ArrayList<>();
    List<Wrk.Result> pacedNginx = new ArrayList<>();
    List<Wrk.Result> pacedActivator = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < 3; k++) {
        switch ((round + k) % 3) {
          case 0 -> pacedDirect.add(wrk.run(direct, null, connections, WRK_SECONDS, PACE_MS));
          case 1 -> pacedNginx.add(wrk.run(viaNginx, null, connections, WRK_SECONDS, PACE_MS));
          default ->
              pacedActivator.add(
                  wrk.run(viaActivator, revision, connections, WRK_SECONDS, PACE_MS));
        }
      }
    }
    report.note(
        "paced load",
        String.format(
            Locale.ROOT,
            "%d connections, %d ms between requests each, %d interleaved rounds, medians"
                + " reported; achieved direct %.0f, nginx %.0f, activator %.0f req/s (target %.0f"
                + " = 50%% of nginx max)",
            connections,
            PACE_MS,
            ROUNDS,
            median(pacedDirect, Wrk.Result::rps),
            median(pacedNginx, Wrk.Result::rps),
            median(pacedActivator, Wrk.Result::rps),
            target));
    double directP50 = median(pacedDirect, Wrk.Result::p50Ms);
    double directP99 = median(pacedDirect, Wrk.Result::p99Ms);
    report.record("activator.direct_p50_ms", round3(directP50), "ms");
    report.record("activator.direct_p99_ms", round3(directP99), "ms");
    report.record(
        "activator.added_p50_ms",
        round3(median(pacedActivator, Wrk.Result::p50Ms) - directP50),
        "ms");
    report.record(
        "activator.added_p99_ms",
        round3(median(pacedActivator, Wrk.Result::p99Ms) - directP99),
        "ms");
    report.record(
        "activator.nginx_added_p50_ms",
        round3(median(pacedNginx, Wrk.Result::p50Ms) - directP50),
        "ms");
    report.record(
        "activator.nginx_added_p99_ms",
        round3(median(pacedNginx, Wrk.Result::p99Ms) - directP99),
        "ms");

    H2load.Result h2c = H2load.run(viaActivator, revision, 50_000, 8, 16);
    report.record("activator.h2c_prior_knowledge_rps", round(h2c.rps()), "req/s");
    report.record(
        "activator.h2c_prior_knowledge_succeeded_ratio",
        round3((double) h2c.succeeded() / h2c.total()),
        "ratio");
  }

  /**
   * The number of connections, each waiting {@link #PACE_MS} between a response and its next
   * request, that loads nginx at {@code target} req/s: a short run with as many connections as
   * would give that rate if responses took no time, scaled by how far it fell short.
   */
  private static int pacedConnections(Wrk wrk, String viaNginx, double target) throws Exception {
    int guess = (int) Math.max(1, Math.round(target * PACE_MS / 1000.0));
    Wrk.Result probe = wrk.run(viaNginx, null, guess, CALIBRATION_SECONDS, PACE_MS);
    long scaled = Math.round(guess * target / Math.max(1.0, probe.rps()));
    return (int) Math.max(2, Math.min(MAX_PACED_CONNECTIONS, scaled));
  }

  private void releaseFirst(BenchReport report, XdsFeed xds, Pod pod, ActivatorProcess act)
      throws Exception {
    // The release path (EDS parsing, dispatch, connecting to a new pod) runs once per cold start,
    // so the JIT would compile it only after some thousand; the activator warms it up at start,
    // and a long-running one has passed that anyway. Both are measured: right after start, and
    // after some hundred real releases.
    int trial = 0;
    trial = releaseTrials(xds, pod, act, trial, RELEASE_AFTER_START_SKIPPED).next;
    Trials afterStart = releaseTrials(xds, pod, act, trial, RELEASE_AFTER_START_TRIALS);
    trial = releaseTrials(xds, pod, act, afterStart.next, RELEASE_WARMUP_TRIALS).next;
    Trials warm = releaseTrials(xds, pod, act, trial, RELEASE_TRIALS);
    report.note("release_first, sorted (ms)", sorted(warm.releaseMs));
    report.record("activator.release_first_p50_ms", percentile(warm.releaseMs, 0.50), "ms");
    report.record("activator.release_first_p99_ms", percentile(warm.releaseMs, 0.99), "ms");
    report.note("release_first after start, sorted (ms)", sorted(afterStart.releaseMs));
    report.record(
        "activator.release_first_after_start_p50_ms", percentile(afterStart.releaseMs, 0.50), "ms");
    report.record(
        "activator.release_first_after_start_p99_ms", percentile(afterStart.releaseMs, 0.99), "ms");
    report.note(
        "release latency",
        "from the EDS update (xds-server's cache, in the bench process, handed the snapshots its"
            + " pipeline built from the pod-ready change) to the held request arriving at the pod:"
            + " one EDS response carrying that revision's assignment, the activator's dispatch, a"
            + " new connection to the pod; each trial is a new service with one held request,"
            + " deleted after it, and each update is made once the activator acknowledged the last;"
            + " while trials run nothing polls the activator (it pokes the bench's scaler stub when"
            + " it holds a request, and the update comes "
            + POKE_TO_READY_MS
            + " ms after the stub answered the poke, where a real pod takes seconds)."
            + " release_first: "
            + RELEASE_TRIALS
            + " trials after "
            + (RELEASE_AFTER_START_SKIPPED + RELEASE_AFTER_START_TRIALS + RELEASE_WARMUP_TRIALS)
            + " earlier ones; release_first_after_start: the "
            + RELEASE_AFTER_START_TRIALS
            + " after the first "
            + RELEASE_AFTER_START_SKIPPED
            + " the activator served (after its start-up warm-up, the activator's default "
            + ActivatorConfig.DEFAULT_WARMUP_RELEASES
            + " cold starts on loopback, and the warm path's load)");
    report.note(
        "pod-ready build",
        String.format(
            Locale.ROOT,
            "before each EDS update, xds-server's pipeline core built the snapshots from the"
                + " pod-ready change in %.2f ms p50, %.2f ms max (release_first trials)",
            percentile(warm.buildMs, 0.50),
            percentile(warm.buildMs, 1.0)));
  }

  /**
   * The last hop of a release on its own, as the machine's floor for it ({@link FreshConnection}),
   * timed to the request's arrival at the pod as release trials are, one every {@link
   * #FRESH_CONNECTION_GAP_MS} as the trials come.
   */
  private void freshConnections(BenchReport report, Pod pod) throws Exception {
    double[] ms = new double[RELEASE_TRIALS];
    try (FreshConnection client = new FreshConnection()) {
      for (int i = 0; i < FRESH_CONNECTION_WARMUP; i++) {
        client.send(pod.port(), "fresh-warmup");
      }
      for (int i = 0; i < ms.length; i++) {
        ms[i] = freshConnection(client, pod, "fresh-" + i);
      }
    }
    report.note("fresh connection to the pod, sorted (ms)", sorted(ms));
    report.record("activator.peer_fresh_connection_p50_ms", percentile(ms, 0.50), "ms");
    report.record("activator.peer_fresh_connection_p99_ms", percentile(ms, 0.99), "ms");
    report.note(
        "fresh connection",
        RELEASE_TRIALS
            + " times, "
            + FRESH_CONNECTION_GAP_MS
            + " ms apart, a bench thread handed a request to an event loop of the activator's"
            + " transport, which opened a new connection to the pod and sent it, timed from the"
            + " hand-off to the request's arrival at the pod: the last hop of a release without"
            + " the activator, with nothing else running, as a floor for release_first (after "
            + FRESH_CONNECTION_WARMUP
            + " unmeasured, back to back)");
  }

  private static double freshConnection(FreshConnection client, Pod pod, String tag)
      throws Exception {
    TimeUnit.MILLISECONDS.sleep(FRESH_CONNECTION_GAP_MS);
    long t0 = client.send(pod.port(), tag);
    Long arrival = pod.firstArrival(tag);
    if (arrival == null) {
      throw new IllegalStateException("the pod did not record " + tag);
    }
    return (arrival - t0) / 1e6;
  }

  /**
   * A run of trials: each one's release latency and pod-ready build time, in ms, and the number the
   * next trial takes.
   */
  private record Trials(double[] releaseMs, double[] buildMs, int next) {}

  private Trials releaseTrials(XdsFeed xds, Pod pod, ActivatorProcess act, int first, int count)
      throws Exception {
    double[] ms = new double[count];
    double[] buildMs = new double[count];
    for (int i = 0; i < count; i++) {
      String tag = "cold-" + (first + i);
      String revision = "bench/" + tag + "-00001";
      // Nothing polls the activator while trials run (its /metrics grows with the revisions):
      // it knows the revision once it acknowledged the clusters that carry it, and holds the
      // request once it pokes the scaler for it.
      xds.publish(revision, 0, List.of());
      awaitTrue(xds::settled, 10, "activator acknowledged " + revision);
      CompletableFuture<HttpResponse<String>> held =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + act.proxyPort + "/" + tag))
                  .header("x-run-revision", revision)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      awaitTrue(() -> poked.contains(revision), 10, revision + " held");
      // A pod turns ready seconds after the poke that asked for it, not while the activator is
      // still reading the scaler's answer; a few milliseconds keep the two apart here too.
      TimeUnit.MILLISECONDS.sleep(POKE_TO_READY_MS);
      long t0 = xds.publish(revision, 0, List.of(pod.port()));
      HttpResponse<String> r = held.get(30, TimeUnit.SECONDS);
      if (r.statusCode() != 200) {
        throw new IllegalStateException(revision + " answered " + r.statusCode());
      }
      ms[i] = (pod.firstArrival(tag) - t0) / 1e6;
      buildMs[i] = xds.lastBuildNanos() / 1e6;
      // The configuration stays the size it was: each trial's service goes when it is done.
      xds.remove(revision);
    }
    return new Trials(ms, buildMs, first + count);
  }

  private static String sorted(double[] values) {
    return Arrays.stream(values)
        .sorted()
        .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /** The nearest-rank percentile, rounded to microseconds. */
  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return round3(sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)]);
  }

  private void releaseThousand(BenchReport report, XdsFeed xds, Pod pod, ActivatorProcess act)
      throws Exception {
    String revision = "bench/thousand-00001";
    xds.publish(revision, 0, List.of());
    awaitTrue(() -> known(act, revision), 10, revision + " known");
    try (HeldClients clients = new HeldClients()) {
      clients.send(act.proxyPort, 1000, revision, "/thousand/x");
      awaitTrue(() -> act.held(revision) == 1000, 60, "1000 held");
      awaitTrue(xds::settled, 10, "activator acknowledged " + revision);
      long t0 = xds.publish(revision, 0, List.of(pod.port()));
      awaitTrue(() -> pod.count("thousand") == 1000, 60, "1000 arrived");
      report.record(
          "activator.release_1000_first_ms",
          round3((pod.firstArrival("thousand") - t0) / 1e6),
          "ms");
      report.record(
          "activator.release_1000_ms", round3((pod.lastArrival("thousand") - t0) / 1e6), "ms");
      awaitTrue(() -> clients.answered() == 1000, 60, "1000 answered");
      report.note(
          "release of 1000",
          clients.ok.get() + " answered 200, " + clients.coldStart.get() + " marked cold start");
    }
  }

  private void holdTenThousand(BenchReport report, XdsFeed xds, Pod pod, ActivatorProcess act)
      throws Exception {
    String revision = "bench/tenk-00001";
    xds.publish(revision, 100, List.of());
    awaitTrue(() -> known(act, revision), 10, revision + " known");
    double before = act.heapAfterGcMb();
    try (HeldClients clients = new HeldClients()) {
      clients.send(act.proxyPort, 10_000, revision, "/tenk/x");
      awaitTrue(() -> act.held(revision) == 10_000, 120, "10000 held");
      awaitTrue(xds::settled, 10, "activator acknowledged " + revision);
      double heldHeap = act.heapAfterGcMb();
      report.record("activator.held_10k_heap_mb", round3(heldHeap), "MiB");
      report.record("activator.held_10k_heap_delta_mb", round3(heldHeap - before), "MiB");
      long t0 = xds.publish(revision, 100, List.of(pod.port()));
      awaitTrue(() -> clients.answered() == 10_000, 120, "10000 answered");
      report.record("activator.release_10k_ms", round3((System.nanoTime() - t0) / 1e6), "ms");
      report.note(
          "hold of 10000",
          "containerConcurrency 100, one pod; heap after full GC via jcmd, before "
              + round3(before)
              + " MiB; "
              + clients.ok.get()
              + " answered 200, "
              + clients.coldStart.get()
              + " marked cold start");
    }
  }

  private boolean known(ActivatorProcess act, String revision) {
    return act.admin("/metrics")
        .contains("run_activator_requests_held{revision=\"" + revision + "\"}");
  }

  private int status(String url, String revision) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
      if (revision != null) {
        b.header("x-run-revision", revision);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void awaitTrue(BooleanSupplier condition, int seconds, String what)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(2);
    }
  }

  private static double median(List<Wrk.Result> runs, ToDoubleFunction<Wrk.Result> figure) {
    double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static double round(double v) {
    return Math.round(v);
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
