package net.evroclabs.run.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.evroclabs.run.local.platform.LocalOptions;
import net.evroclabs.run.local.platform.LocalPlatform;
import net.evroclabs.run.local.platform.StatusView;

/**
 * {@code local <dir> [--http-port N] [--https-port N] [--state-dir DIR] [--prometheus URL]}, {@code
 * status [--state-dir DIR]}, {@code logs <service> [--state-dir DIR]}. Wiring only.
 */
public final class LocalMain {

  private LocalMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
    if (args.length == 0) {
      usage(System.err);
      System.exit(2);
    }
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    Path stateDir = Path.of(option(rest, "--state-dir", ".run"));
    switch (args[0]) {
      case "local" -> runLocal(rest, stateDir);
      case "status" -> System.exit(StatusView.print(stateDir, System.out, System.err));
      case "logs" -> {
        if (rest.isEmpty()) {
          System.err.println("logs: name the service: ./run logs <service>");
          System.exit(2);
        }
        System.exit(StatusView.logs(stateDir, rest.get(0), System.out, System.err));
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        usage(System.err);
        System.exit(2);
      }
    }
  }

  private static void runLocal(List<String> rest, Path stateDir) throws Exception {
    int http = Integer.parseInt(option(rest, "--http-port", "8080"));
    int https = Integer.parseInt(option(rest, "--https-port", "8443"));
    String prometheus = option(rest, "--prometheus", null);
    if (rest.size() != 1) {
      System.err.println("local: give exactly one directory of Service YAML files, got " + rest);
      System.exit(2);
    }
    Path dir = Path.of(rest.get(0));
    if (!Files.isDirectory(dir)) {
      System.err.println("local: " + dir + " is not a directory of Service YAML files");
      System.exit(2);
    }
    LocalOptions options = LocalOptions.defaults(dir).withPorts(http, https).withStateDir(stateDir);
    if (prometheus != null) {
      options = options.withPrometheus(URI.create(prometheus));
    }
    LocalPlatform platform = LocalPlatform.start(options, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  stopped.countDown();
                }));
    platform.status().write();
    System.out.println(
        "evroc Run is running locally (ingress https://*."
            + platform.config().domain()
            + ":"
            + platform.httpsPort()
            + ", http :"
            + platform.httpPort()
            + " redirects). Services:");
    for (var s : platform.status().snapshot().services()) {
      System.out.println("  " + s.namespace() + "/" + s.name() + "  " + s.url());
    }
    System.out.println(
        "*.localhost resolves to 127.0.0.1; the certificate is self-signed (curl -k)."
            + " ./run status, ./run logs <service>; Ctrl-C stops everything.");
    stopped.await();
  }

  private static String option(List<String> args, String name, String fallback) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(name) && i + 1 < args.size()) {
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
      }
      if (a.startsWith(name + "=")) {
        args.remove(i);
        return a.substring(name.length() + 1);
      }
    }
    return fallback;
  }

  private static void usage(PrintStream out) {
    out.println(
        "usage: ./run local <dir> [--http-port N] [--https-port N] [--state-dir DIR]"
            + " [--prometheus URL]\n       ./run status [--state-dir DIR]\n"
            + "       ./run logs <service> [--state-dir DIR]");
  }
}
