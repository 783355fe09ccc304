package net.evroclabs.run.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.local.process.ProcessWorkloads;
import net.evroclabs.run.scaler.decision.Tuning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform in local mode end to end: Service files in, HTTPS through the local ingress out,
 * {@code samples/hello} as the workload. One platform serves every test, each with its own service;
 * the last test stops a platform of its own.
 */
class LocalModeIT {

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String HELLO = System.getProperty("hello.jar");
  private static final Duration LONG = Duration.ofSeconds(90);

  @TempDir static Path services;
  @TempDir static Path state;

  private static LocalPlatform platform;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Path.of(HELLO)).exists();
    platform = LocalPlatform.start(options(services, state), Clock.systemUTC());
    http =
        HttpClient.newBuilder()
            .sslContext(platform.clientTls())
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  static LocalOptions options(Path services, Path state) {
    Tuning quick =
        new Tuning(
            Duration.ofSeconds(6),
            Duration.ofSeconds(2),
            2.0,
            Duration.ofSeconds(4),
            Duration.ofSeconds(6),
            Tuning.defaults().maxExtrapolation(),
            Tuning.defaults().latencyAim());
    return LocalOptions.defaults(services)
        .withStateDir(state)
        .withPorts(0, 0)
        .withTimings(Duration.ofSeconds(3), Duration.ofMillis(500))
        .withTuning(quick);
  }

  /** A Service file for {@code name}; {@code extra} is YAML appended under {@code spec}. */
  static String service(String name, String hello, String container, String extra) {
    return """
        apiVersion: run.evroclabs.net/v1alpha1
        kind: Service
        metadata: {name: %s, namespace: it}
        spec:
          template:
            container:
              image: local/hello
              command: [%s, -jar, %s]
              env: [{name: HELLO, value: "%s"}]
              readinessProbe: {httpGet: {path: /healthz}}
        %s
        %s
        """
        .formatted(name, JAVA, HELLO, hello, indent(container, 6), indent(extra, 2));
  }

  private static String indent(String yaml, int spaces) {
    if (yaml.isBlank()) {
      return "";
    }
    String pad = " ".repeat(spaces);
    return pad + yaml.strip().replace("\n", "\n" + pad);
  }

  static void deploy(String name, String yaml) throws Exception {
    Path tmp = services.resolve(name + ".yaml.tmp");
    Files.writeString(tmp, yaml);
    Files.move(tmp, services.resolve(name + ".yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static Optional<Service> stored(String name) {
    return platform.store().service(new ResourceKey("it", name));
  }

  static String host(String name) {
    Service s = stored(name).orElseThrow();
    return Naming.serviceHost(platform.config(), Naming.iid(s.getMetadata().getUid()));
  }

  static String tagHost(String name, String tag) {
    Service s = stored(name).orElseThrow();
    return Naming.tagHost(platform.config(), tag, Naming.iid(s.getMetadata().getUid()));
  }

  static HttpResponse<String> get(String host, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + platform.httpsPort() + path))
            .header("Host", host)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the service answers 200 with {@code text} in the body. */
  static void awaitServing(String name, String text) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              HttpResponse<String> r = get(host(name), "/");
              return r.statusCode() == 200 && r.body().contains(text);
            });
  }

  static int instances(String name, int revision) {
    return platform
        .processes()
        .status("it/" + Naming.revisionName(name, revision))
        .map(ProcessWorkloads.RevisionStatus::ready)
        .orElse(0);
  }

  static void awaitScaledToZero(String name) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                platform
                    .processes()
                    .status("it/" + Naming.revisionName(name, 1))
                    .map(s -> s.desired() == 0 && s.ready() == 0 && s.starting() == 0)
                    .orElse(false));
  }

  private static final String TO_ZERO =
      "autoscaling: {minScale: 0, maxScale: 3, scaleToZeroDelay: 1s}";

  @Test
  void theFirstRequestToAColdServiceSucceeds() throws Exception {
    deploy("cold", service("cold", "cold", "", TO_ZERO));
    awaitServing("cold", "Hello cold");
    awaitScaledToZero("cold");

    HttpResponse<String> r = get(host("cold"), "/");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Hello cold from cold/cold-00001");
    assertThat(r.headers().firstValue("x-run-cold-start")).contains("true");
  }

  @Test
  void twoHundredConcurrentRequestsOnAColdServiceAllSucceed() throws Exception {
    deploy("crowd", service("crowd", "crowd", "", TO_ZERO));
    awaitServing("crowd", "Hello crowd");
    awaitScaledToZero("crowd");

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + platform.httpsPort() + "/"))
                  .header("Host", host("crowd"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    for (CompletableFuture<HttpResponse<String>> c : calls) {
      assertThat(c.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aServiceScalesToZeroAfterTheDelayAndBackOnTheNextRequest() throws Exception {
    deploy("nap", service("nap", "nap", "", TO_ZERO));
    awaitServing("nap", "Hello nap");

    awaitScaledToZero("nap");
    assertThat(get(host("nap"), "/").statusCode()).isEqualTo(200);

    assertThat(instances("nap", 1)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anEnvChangeRollsOutWithNoFailedRequestUnderLoad() throws Exception {
    deploy("roll", service("roll", "one", "", "autoscaling: {minScale: 1}"));
    awaitServing("roll", "Hello one");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger sawTwo = new AtomicInteger();
    Thread load =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running.get()) {
                    try {
                      HttpResponse<String> r = get(host("roll"), "/");
                      if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                        if (r.body().contains("Hello two")) {
                          sawTwo.incrementAndGet();
                        }
                      } else {
                        failures.add(r.statusCode() + " " + r.body());
                      }
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                });

    deploy("roll", service("roll", "two", "", "autoscaling: {minScale: 1}"));
    await().atMost(LONG).until(() -> sawTwo.get() >= 20);
    running.set(false);
    load.join();

    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(20);
  }

  /** Two revisions: {@code <name>-00001} says "one", the latest says "two". */
  private static void twoRevisions(String name, String traffic) throws Exception {
    deploy(name, service(name, "one", "", "autoscaling: {minScale: 1}"));
    awaitServing(name, "Hello one");
    deploy(name, service(name, "two", "", "autoscaling: {minScale: 1}\n" + traffic));
  }

  @Test
  void an80To20SplitIsHonouredWithinTolerance() throws Exception {
    twoRevisions(
        "split",
        """
        traffic:
          - {revisionName: split-00001, percent: 80}
          - {latestRevision: true, percent: 20}""");
    await()
        .atMost(LONG)
        .ignoreExceptions()
        .until(() -> instances("split", 2) >= 1 && get(host("split"), "/").statusCode() == 200);
    await()
        .atMost(LONG)
        .ignoreExceptions()
        .until(
            () -> {
              for (int i = 0; i < 40; i++) {
                if (get(host("split"), "/").body().contains("Hello two")) {
                  return true;
                }
              }
              return false;
            });

    int two = 0;
    int n = 500;
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = get(host("split"), "/");
      assertThat(r.statusCode()).isEqualTo(200);
      two += r.body().contains("Hello two") ? 1 : 0;
    }

    // 20 % of 500: 100, standard deviation ~9; 4.5 sigma either way.
    assertThat(two).isBetween(60, 140);
  }

  @Test
  void changingOneServiceLeavesTheOthersReachable() throws Exception {
    deploy("steady", service("steady", "steady", "", "autoscaling: {minScale: 1}"));
    deploy("moving", service("moving", "one", "", "autoscaling: {minScale: 1}"));
    awaitServing("steady", "Hello steady");
    awaitServing("moving", "Hello one");

    // The ingress hears of the changed service's routes alone; the others' stay as they were.
    deploy("moving", service("moving", "two", "", "autoscaling: {minScale: 1}"));
    awaitServing("moving", "Hello two");

    HttpResponse<String> r = get(host("steady"), "/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Hello steady from steady/steady-00001");
  }

  @Test
  void aTagUrlReachesItsRevision() throws Exception {
    twoRevisions(
        "tags",
        """
        traffic:
          - {latestRevision: true, percent: 100}
          - {revisionName: tags-00001, percent: 0, tag: previous}""");
    awaitServing("tags", "Hello two");

    HttpResponse<String> tagged = get(tagHost("tags", "previous"), "/");

    assertThat(tagged.statusCode()).isEqualTo(200);
    assertThat(tagged.body()).contains("Hello one from tags/tags-00001");
  }

  @Test
  void pinningTheOldRevisionRollsBack() throws Exception {
    twoRevisions("pin", "");
    awaitServing("pin", "Hello two");

    deploy(
        "pin",
        service(
            "pin",
            "two",
            "",
            "autoscaling: {minScale: 1}\ntraffic:\n  - {revisionName: pin-00001, percent: 100}"));

    awaitServing("pin", "Hello one");
    for (int i = 0; i < 20; i++) {
      assertThat(get(host("pin"), "/").body()).contains("Hello one");
    }
  }

  @Test
  void aRevisionWhoseCommandExitsKeepsTrafficOnThePreviousOneAndSaysWhy() throws Exception {
    deploy("crash", service("crash", "one", "", "autoscaling: {minScale: 1}"));
    awaitServing("crash", "Hello one");

    deploy(
        "crash",
        """
        apiVersion: run.evroclabs.net/v1alpha1
        kind: Service
        metadata: {name: crash, namespace: it}
        spec:
          template:
            container:
              image: local/hello
              command: [sh, -c, "echo cannot start >&2; exit 1"]
          autoscaling: {minScale: 1}
        """);

    await()
        .atMost(LONG)
        .until(
            () ->
                platform.status().snapshot().services().stream()
                    .filter(s -> s.name().equals("crash"))
                    .flatMap(s -> s.revisions().stream())
                    .anyMatch(
                        r ->
                            r.name().equals("crash-00002")
                                && r.problem() != null
                                && r.problem().contains("1")));
    for (int i = 0; i < 20; i++) {
      assertThat(get(host("crash"), "/").body()).contains("Hello one from crash/crash-00001");
    }
  }

  @Test
  void aRequestPastTimeoutSecondsGets504() throws Exception {
    deploy(
        "slow",
        service("slow", "slow", "", "autoscaling: {minScale: 1}")
            .replace("    container:", "    timeoutSeconds: 1\n    container:"));
    awaitServing("slow", "Hello slow");

    HttpResponse<String> r = get(host("slow"), "/sleep?ms=4000");

    assertThat(r.statusCode()).isEqualTo(504);
  }

  @Test
  void plainHttpRedirectsToHttps() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.httpPort() + "/a?b=c"))
                .header("Host", "svc-x.run.localhost")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("location"))
        .contains("https://svc-x.run.localhost:" + platform.httpsPort() + "/a?b=c");
  }

  @Test
  void stoppingThePlatformLeavesNoProcessBehind(@TempDir Path ownServices, @TempDir Path ownState)
      throws Exception {
    Files.writeString(
        ownServices.resolve("alone.yaml"),
        service("alone", "alone", "", "autoscaling: {minScale: 2}"));
    LocalPlatform own = LocalPlatform.start(options(ownServices, ownState), Clock.systemUTC());
    List<Long> pids;
    try {
      await()
          .atMost(LONG)
          .until(
              () ->
                  own.processes().status("it/alone-00001").map(s -> s.ready() == 2).orElse(false));
      pids = own.processes().pids();
      assertThat(pids).hasSize(2);
    } finally {
      own.close();
    }

    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("instance %d", pid)
          .isFalse();
    }
  }

  @Test
  void aServiceIsReadyOnceTheIngressServesItsRoutesAndStatusAndLogsShowIt() throws Exception {
    deploy("shown", service("shown", "shown", "", "autoscaling: {minScale: 1}"));
    awaitServing("shown", "Hello shown");

    await()
        .atMost(LONG)
        .until(
            () ->
                stored("shown")
                    .map(s -> s.getStatus().condition("Ready"))
                    .map(c -> "True".equals(c.getStatus()))
                    .orElse(false));
    platform.status().write();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status =
        StatusView.print(
            state, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
    java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    int logsStatus =
        StatusView.logs(
            state,
            "shown",
            new java.io.PrintStream(logs, true),
            new java.io.PrintStream(err, true));

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("it/shown")
        .contains("True")
        .contains("https://" + host("shown") + ":" + platform.httpsPort())
        .contains("100% -> shown-00001")
        .contains("shown-00001")
        .contains("1/1 ready")
        .containsPattern("started in [0-9]+ ms");
    assertThat(logsStatus).isZero();
    assertThat(logs.toString()).contains("listening on").contains("shown/shown-00001");
  }
}
