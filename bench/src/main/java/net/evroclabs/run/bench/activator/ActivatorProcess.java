package net.evroclabs.run.bench.activator;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar activator/target/activator.jar} as a child process on loopback ports. */
final class ActivatorProcess implements AutoCloseable {

  // One line per heap (G1) or per generation (Parallel, Serial): "<name> total NK, used NK".
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final Process process;
  final int proxyPort;
  final int adminPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private ActivatorProcess(Process process, int proxyPort, int adminPort) {
    this.process = process;
    this.proxyPort = proxyPort;
    this.adminPort = adminPort;
  }

  /**
   * Starts the activator on free loopback ports and waits until it is ready. A port found free can
   * be taken (by an outgoing connection) before the activator binds it: then it tries other ports,
   * up to three times.
   */
  static ActivatorProcess start(
      Path dir, Path jar, int xdsPort, int scalerPort, int ioThreads, String... flags)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return start(dir, jar, freePort(), freePort(), xdsPort, scalerPort, ioThreads, flags);
      } catch (IOException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static ActivatorProcess start(
      Path dir,
      Path jar,
      int proxyPort,
      int adminPort,
      int xdsPort,
      int scalerPort,
      int ioThreads,
      String... flags)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx512m");
    // The collector manifests/06-activator.yaml deploys it with.
    cmd.add("-XX:+UseParallelGC");
    if (Runtime.version().feature() >= 23) {
      // Netty reads and writes buffers through sun.misc.Unsafe; allow it without per-call checks.
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    String extra = System.getenv("BENCH_ACTIVATOR_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("--bind-host=127.0.0.1");
    cmd.add("--proxy-port=" + proxyPort);
    cmd.add("--admin-port=" + adminPort);
    cmd.add("--xds-port=" + xdsPort);
    cmd.add("--scaler-url=http://127.0.0.1:" + scalerPort);
    cmd.add("--io-threads=" + ioThreads);
    cmd.add("--drain-timeout=1s");
    cmd.addAll(List.of(flags));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("activator.log").toFile())
            .start();
    ActivatorProcess a = new ActivatorProcess(p, proxyPort, adminPort);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IOException(
            "activator exited: " + Files.readString(dir.resolve("activator.log")));
      }
      if (a.admin("/readyz").startsWith("ready")) {
        return a;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    a.close();
    throw new IOException("activator did not become ready in 30 s");
  }

  String admin(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Held requests of {@code revision}, from {@code run_activator_requests_held}. */
  int held(String revision) {
    String needle = "run_activator_requests_held{revision=\"" + revision + "\"} ";
    for (String line : admin("/metrics").split("\n")) {
      if (line.startsWith(needle)) {
        return (int) Double.parseDouble(line.substring(needle.length()).trim());
      }
    }
    return 0;
  }

  /** Heap in use after a full GC, in MiB, read with jcmd. */
  double heapAfterGcMb() throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(process.pid()), "GC.run");
    String info = run(jcmd, Long.toString(process.pid()), "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    long usedKb = 0;
    boolean found = false;
    while (m.find()) {
      usedKb += Long.parseLong(m.group(1));
      found = true;
    }
    if (!found) {
      throw new IOException("no heap figure in jcmd output: " + info);
    }
    return usedKb / 1024.0;
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    http.close();
  }
}
