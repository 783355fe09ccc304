package net.evroclabs.run.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the figures of one benchmark group, prints each as {@code BENCH <name> <value> <unit>}
 * and writes them all to {@code bench/results/<group>.json} ({@code <group>.partial.json} for a run
 * of only some of the group's figures, so that it never stands for the whole group).
 */
public final class BenchReport {

  /** One measured figure. */
  public record Figure(String name, double value, String unit) {}

  private final String group;
  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, String> notes = new LinkedHashMap<>();
  private boolean partial;

  public BenchReport(String group) {
    this.group = group;
  }

  public String group() {
    return group;
  }

  /** Records and prints one figure. */
  public synchronized void record(String name, double value, String unit) {
    figures.add(new Figure(name, value, unit));
    System.out.println("BENCH " + name + " " + format(value) + " " + unit);
    System.out.flush();
  }

  /** Marks this run as measuring only {@code what} of the group's figures. */
  public synchronized void partial(String what) {
    partial = true;
    note("partial run", what);
  }

  /** Records a free-text note (setup, conditions) that is written to the JSON file. */
  public synchronized void note(String key, String value) {
    notes.put(key, value);
    System.out.println("# " + key + ": " + value);
  }

  public synchronized List<Figure> figures() {
    return List.copyOf(figures);
  }

  /** Writes {@code <dir>/<group>.json}, or {@code <dir>/<group>.partial.json} for a partial run. */
  public synchronized Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"group\": ").append(quote(group));
    json.append(",\n  \"measuredAt\": ").append(quote(Instant.now().toString()));
    json.append(",\n  \"machine\": {\"cores\": ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(", \"java\": ")
        .append(quote(System.getProperty("java.version")))
        .append("}");
    json.append(",\n  \"notes\": {");
    int i = 0;
    for (Map.Entry<String, String> e : notes.entrySet()) {
      json.append(i++ == 0 ? "\n    " : ",\n    ");
      json.append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
    }
    json.append(notes.isEmpty() ? "}" : "\n  }");
    json.append(",\n  \"figures\": [");
    for (int j = 0; j < figures.size(); j++) {
      Figure f = figures.get(j);
      json.append(j == 0 ? "\n    " : ",\n    ");
      json.append("{\"name\": ")
          .append(quote(f.name()))
          .append(", \"value\": ")
          .append(format(f.value()))
          .append(", \"unit\": ")
          .append(quote(f.unit()))
          .append("}");
    }
    json.append(figures.isEmpty() ? "]" : "\n  ]").append("\n}\n");
    Path file = dir.resolve(group + (partial ? ".partial.json" : ".json"));
    Files.writeString(file, json.toString());
    return file;
  }

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
