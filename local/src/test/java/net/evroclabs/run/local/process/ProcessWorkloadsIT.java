package net.evroclabs.run.local.process;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessWorkloadsIT {

  static final String HELLO_JAR =
      System.getProperty("hello.jar", "../samples/hello/target/hello.jar");
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path logs;
  private final List<ProcessWorkloads.RevisionStatus> updates = new CopyOnWriteArrayList<>();
  private OsProcessLauncher launcher;
  private ProcessWorkloads workloads;

  @BeforeEach
  void start() {
    launcher = new OsProcessLauncher();
    workloads =
        new ProcessWorkloads(
            launcher,
            logs,
            Clock.systemUTC(),
            new RestartBackoff(
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60)),
            Duration.ofSeconds(10),
            System.getenv(),
            updates::add);
  }

  @AfterEach
  void stop() {
    workloads.close();
    launcher.close();
  }

  static InstanceSpec hello(String revision, InstanceSpec.Readiness readiness) {
    return new InstanceSpec(
        "team-a",
        "hello",
        revision,
        List.of(JAVA, "-jar", HELLO_JAR),
        Map.of("HELLO", "local"),
        readiness);
  }

  private static String get(ProcessWorkloads.Endpoint e, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + e.host() + ":" + e.port() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private ProcessWorkloads.RevisionStatus awaitReady(String key, int n) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> workloads.status(key).map(s -> s.ready() == n).orElse(false));
    return workloads.status(key).orElseThrow();
  }

  @Test
  void anInstanceGetsThePlatformEnvironmentAndServesOnItsPort() throws Exception {
    InstanceSpec spec = hello("hello-00001", new InstanceSpec.Readiness.Tcp());
    long before = System.nanoTime();
    workloads.apply(spec, 1);
    ProcessWorkloads.RevisionStatus ready = awaitReady(spec.key(), 1);
    long elapsed = System.nanoTime() - before;
    ProcessWorkloads.Endpoint e = ready.endpoints().get(0);
    assertThat(ready.lastStartup())
        .as("launch to the first passed readiness check")
        .isPositive()
        .isLessThanOrEqualTo(java.time.Duration.ofNanos(elapsed));
    assertThat(get(e, "/")).startsWith("200 Hello local from hello/hello-00001");
    assertThat(get(e, "/env"))
        .contains("PORT=" + e.port())
        .contains("K_SERVICE=hello")
        .contains("K_REVISION=hello-00001")
        .contains("K_CONFIGURATION=hello");
  }

  @Test
  void scalingUpAndDownChangesTheReadyEndpointsAndStopsProcessesWithSigterm() throws Exception {
    InstanceSpec spec = hello("hello-00002", new InstanceSpec.Readiness.HttpGet("/healthz"));
    workloads.apply(spec, 2);
    assertThat(awaitReady(spec.key(), 2).endpoints()).hasSize(2);
    List<Long> pids = workloads.pids();
    workloads.apply(spec, 0);
    awaitReady(spec.key(), 0);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                pids.stream()
                    .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
    assertThat(workloads.status(spec.key()).orElseThrow().restarts())
        .as("a drained instance is not a crash")
        .isZero();
  }

  @Test
  void anInstanceWhoseReadinessPathDoesNotAnswer2xxStaysStartingAndGetsNoTraffic() {
    InstanceSpec spec = hello("hello-00003", new InstanceSpec.Readiness.HttpGet("/not-here"));
    workloads.apply(spec, 1);
    Path dir = workloads.logDir("team-a", "hello-00003");
    // Up and answering (404 on the probe's path) before the check below starts.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!Files.isDirectory(dir)) {
                return false;
              }
              try (var files = Files.list(dir)) {
                return files.anyMatch(f -> readQuietly(f).contains("hello: listening"));
              }
            });

    // Some hundred probes at the starting interval: none makes it ready.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                workloads
                    .status(spec.key())
                    .map(st -> st.ready() == 0 && st.starting() == 1)
                    .orElse(false));
    assertThat(workloads.status(spec.key()).orElseThrow().restarts()).isZero();
  }

  @Test
  void aCrashingInstanceIsRestartedWithBackoffAndTheExitCodeIsReported() throws Exception {
    InstanceSpec spec =
        new InstanceSpec(
            "team-a",
            "broken",
            "broken-00001",
            List.of("sh", "-c", "echo starting broken; exit 3"),
            Map.of(),
            new InstanceSpec.Readiness.Tcp());
    workloads.apply(spec, 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> workloads.status(spec.key()).map(s -> s.restarts() >= 3).orElse(false));
    ProcessWorkloads.RevisionStatus s = workloads.status(spec.key()).orElseThrow();
    assertThat(s.lastExitCode()).isEqualTo(3);
    assertThat(s.ready()).isZero();
    assertThat(s.message()).contains("exited with code 3").contains("before becoming ready");
    Path dir = workloads.logDir("team-a", "broken-00001");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> readQuietly(f)).filter(t -> t.contains("starting broken")).count())
          .isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aCommandThatCannotStartIsReportedAndRetried() {
    InstanceSpec spec =
        new InstanceSpec(
            "team-a",
            "missing",
            "missing-00001",
            List.of("/nonexistent/program"),
            Map.of(),
            new InstanceSpec.Readiness.Tcp());
    workloads.apply(spec, 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> workloads.status(spec.key()).map(s -> s.restarts() >= 2).orElse(false));
    assertThat(workloads.status(spec.key()).orElseThrow().message()).isNotBlank();
  }

  @Test
  void instancesDieWithThePlatformEvenWhenItIsKilled() throws Exception {
    Path pidFile = logs.resolve("child.pid");
    Process platform =
        new ProcessBuilder(
                JAVA,
                "-cp",
                System.getProperty("java.class.path"),
                OrphanProbeMain.class.getName(),
                pidFile.toString(),
                logs.resolve("probe-logs").toString())
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("probe.out").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long childPid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(childPid)).isPresent();
    platform.destroyForcibly().waitFor();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(childPid).map(h -> !h.isAlive()).orElse(true));
  }

  private static String readQuietly(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
