package net.evroclabs.run.bench.activator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk against a loopback URL and reads its requests/s and latency percentiles. */
final class Wrk {

  /** One run's outcome; latencies in milliseconds. */
  record Result(double rps, double p50Ms, double p99Ms, int errors) {}

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private final Path script;

  Wrk(Path dir) throws IOException {
    script = dir.resolve("bench.lua");
    Files.writeString(
        script,
        """
        local revision = os.getenv("BENCH_REVISION")
        if revision and revision ~= "" then wrk.headers["x-run-revision"] = revision end
        local d = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
        if d > 0 then function delay() return d end end
        """);
  }

  /**
   * Runs wrk for {@code seconds} with {@code connections}; {@code delayMs} > 0 paces every
   * connection (about connections * 1000 / delayMs requests/s).
   */
  Result run(String url, String revision, int connections, int seconds, int delayMs)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "wrk",
            "-t2",
            "-c" + connections,
            "-d" + seconds + "s",
            "--latency",
            "-s",
            script.toString(),
            url);
    pb.environment().put("BENCH_REVISION", revision == null ? "" : revision);
    pb.environment().put("BENCH_DELAY_MS", Integer.toString(delayMs));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    return parse(out);
  }

  static Result parse(String out) {
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output: " + out);
    }
    int errors = 0;
    Matcher non2xx = NON_2XX.matcher(out);
    if (non2xx.find()) {
      errors += Integer.parseInt(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Integer.parseInt(socket.group(g));
      }
    }
    return new Result(
        Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%"), errors);
  }

  private static double percentile(String out, String label) {
    for (String line : out.split("\n")) {
      List<String> parts = List.of(line.trim().split("\\s+"));
      if (parts.size() == 2 && parts.get(0).equals(label)) {
        return millis(parts.get(1));
      }
    }
    throw new IllegalStateException("no " + label + " latency in wrk output: " + out);
  }

  private static double millis(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.endsWith("us")) {
      return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000.0;
    }
    if (v.endsWith("ms")) {
      return Double.parseDouble(v.substring(0, v.length() - 2));
    }
    if (v.endsWith("m")) {
      return Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000.0;
    }
    if (v.endsWith("s")) {
      return Double.parseDouble(v.substring(0, v.length() - 1)) * 1000.0;
    }
    throw new IllegalStateException("unknown wrk duration " + value);
  }
}
