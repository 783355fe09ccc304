package net.evroclabs.run.bench.activator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs h2load (h2c by prior knowledge) against a loopback URL. */
final class H2load {

  /** Requests per second and how many of the requests succeeded. */
  record Result(double rps, long succeeded, long total) {}

  private static final Pattern RPS = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");
  private static final Pattern REQUESTS =
      Pattern.compile("requests: (\\d+) total, \\d+ started, \\d+ done, (\\d+) succeeded");

  private H2load() {}

  static Result run(String url, String revision, int requests, int clients, int streams)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "h2load",
                "-n" + requests,
                "-c" + clients,
                "-m" + streams,
                "-H",
                "x-run-revision: " + revision,
                url)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("h2load failed: " + out);
    }
    Matcher rps = RPS.matcher(out);
    Matcher req = REQUESTS.matcher(out);
    if (!rps.find() || !req.find()) {
      throw new IllegalStateException("unexpected h2load output: " + out);
    }
    return new Result(
        Double.parseDouble(rps.group(1)),
        Long.parseLong(req.group(2)),
        Long.parseLong(req.group(1)));
  }
}
