package net.evroclabs.run.local.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code ./run status} and {@code ./run logs}: read what a running local platform writes. */
public final class StatusView {

  private StatusView() {}

  /** Prints the status table; returns the exit code. */
  public static int print(Path stateDir, PrintStream out, PrintStream err) {
    StatusWriter.Status status = read(stateDir, err);
    if (status == null) {
      return 1;
    }
    out.printf("%-28s %-8s %-58s%n", "SERVICE", "READY", "URL");
    for (StatusWriter.ServiceLine s : status.services()) {
      String ready = s.conditions().getOrDefault("Ready", "Unknown");
      out.printf("%-28s %-8s %s%n", s.namespace() + "/" + s.name(), ready.split(" ")[0], s.url());
      for (StatusWriter.TrafficLine t : s.traffic()) {
        out.printf(
            "    traffic %3d%% -> %s%s%n",
            t.percent(), t.revision(), t.tag() == null ? "" : "  (tag " + t.tag() + ")");
      }
      for (StatusWriter.RevisionLine r : s.revisions()) {
        out.printf(
            "    revision %-24s %d/%d ready%s%s%s%n",
            r.name(),
            r.ready(),
            r.desired(),
            r.lastStartupMs() == null ? "" : ", started in " + r.lastStartupMs() + " ms",
            r.restarts() > 0 ? ", " + r.restarts() + " restarts" : "",
            r.problem() == null ? "" : ": " + r.problem());
      }
      s.conditions()
          .forEach(
              (type, value) -> {
                if (!value.startsWith("True")) {
                  out.println("    " + type + ": " + value);
                }
              });
    }
    return 0;
  }

  /** Prints every instance log of a service's revisions; returns the exit code. */
  public static int logs(Path stateDir, String service, PrintStream out, PrintStream err) {
    StatusWriter.Status status = read(stateDir, err);
    if (status == null) {
      return 1;
    }
    List<StatusWriter.ServiceLine> matches =
        status.services().stream()
            .filter(
                s -> s.name().equals(service) || (s.namespace() + "/" + s.name()).equals(service))
            .toList();
    if (matches.isEmpty()) {
      err.println("no service " + service + " is running locally");
      return 1;
    }
    for (StatusWriter.ServiceLine s : matches) {
      for (StatusWriter.RevisionLine r : s.revisions()) {
        Path dir = stateDir.resolve("logs").resolve(s.namespace()).resolve(r.name());
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.sorted().toList()) {
            out.println("==> " + s.namespace() + "/" + r.name() + " instance " + f.getFileName());
            out.print(Files.readString(f));
          }
        } catch (IOException e) {
          err.println("cannot read " + dir + ": " + e.getMessage());
          return 1;
        }
      }
    }
    return 0;
  }

  private static StatusWriter.Status read(Path stateDir, PrintStream err) {
    Path file = stateDir.resolve("status.json");
    try {
      return StatusWriter.JSON.readValue(file.toFile(), StatusWriter.Status.class);
    } catch (NoSuchFileException e) {
      err.println("evroc Run is not running locally here (no " + file + "): ./run local examples/");
      return null;
    } catch (IOException e) {
      if (!Files.exists(file)) {
        err.println(
            "evroc Run is not running locally here (no " + file + "): ./run local examples/");
      } else {
        err.println("cannot read " + file + ": " + e.getMessage());
      }
      return null;
    }
  }
}
