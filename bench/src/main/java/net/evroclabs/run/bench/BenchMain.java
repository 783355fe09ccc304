package net.evroclabs.run.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Entry point of {@code bench/run GROUP}: finds the group's class by name and runs it. */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: bench GROUP [args...]");
      System.exit(2);
    }
    String group = args[0].toLowerCase(Locale.ROOT);
    String className =
        "net.evroclabs.run.bench."
            + group
            + "."
            + Character.toUpperCase(group.charAt(0))
            + group.substring(1)
            + "Bench";
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      System.err.println("unknown benchmark group '" + group + "' (no class " + className + ")");
      System.exit(2);
      return;
    }
    BenchGroup bench = (BenchGroup) type.getDeclaredConstructor().newInstance();
    BenchReport report = new BenchReport(group);
    bench.run(report, Arrays.copyOfRange(args, 1, args.length));
    Path file = report.write(Path.of(System.getProperty("bench.results", "bench/results")));
    System.out.println("# results written to " + file);
  }
}
