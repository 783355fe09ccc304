package net.evroclabs.run.scaler.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.scaler.decision.ScalingSpec;

/**
 * {@code simulate (--scenario NAME | --trace FILE | --all) [--policy latency|kpa] [--target-ms N]
 * [--percentile pNN] [--seed N]}: prints one line per run.
 */
public final class SimulateCommand {

  private SimulateCommand() {}

  public static void run(String[] args, PrintStream out) throws IOException {
    String scenario = null;
    String trace = null;
    boolean all = false;
    boolean events = false;
    List<String> policies = Simulator.POLICIES;
    double targetMs = 200;
    double percentile = 0.95;
    long seed = Simulation.Settings.defaults().seed();
    AppProfile typical = AppProfile.typical();
    int slots = typical.slots();
    double serviceMs = typical.meanServiceMs();
    double coldStartSeconds = typical.coldStart().toMillis() / 1000.0;
    double scrapeSeconds = Simulation.Settings.defaults().scrapeSeconds();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--scenario" -> scenario = value(args, ++i, arg);
        case "--trace" -> trace = value(args, ++i, arg);
        case "--all" -> all = true;
        case "--events" -> events = true;
        case "--policy" -> {
          String p = value(args, ++i, arg);
          Simulator.policy(p, 200, 0.95, typical);
          policies = List.of(p);
        }
        case "--target-ms" -> targetMs = positive(arg, value(args, ++i, arg));
        case "--percentile" -> percentile = ScalingSpec.parsePercentile(arg, value(args, ++i, arg));
        case "--seed" -> seed = (long) positive(arg, value(args, ++i, arg));
        case "--slots" -> slots = (int) whole(arg, value(args, ++i, arg));
        case "--service-ms" -> serviceMs = positive(arg, value(args, ++i, arg));
        case "--cold-start-s" -> coldStartSeconds = positive(arg, value(args, ++i, arg));
        case "--scrape-s" -> scrapeSeconds = positive(arg, value(args, ++i, arg));
        default ->
            throw new IllegalArgumentException("unknown argument " + arg + "; usage: " + usage());
      }
    }
    int sources = (scenario != null ? 1 : 0) + (trace != null ? 1 : 0) + (all ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException(
          "give exactly one of --scenario, --trace, --all; usage: " + usage());
    }
    Simulation.Settings settings =
        new Simulation.Settings(
            2, scrapeSeconds, seed, events ? line -> out.println("  " + line) : null);
    AppProfile app =
        new AppProfile(
            slots,
            serviceMs,
            typical.serviceSigma(),
            Duration.ofMillis(Math.round(coldStartSeconds * 1000)),
            typical.timeout());
    List<Scenario> scenarios = new ArrayList<>();
    if (all) {
      scenarios.addAll(Scenarios.all());
    } else if (scenario != null) {
      scenarios.add(Scenarios.named(scenario));
    }
    out.println(SimReport.header());
    for (Scenario s : scenarios) {
      Arrivals arrivals = s.arrivals(seed);
      for (String p : policies) {
        out.println(
            Simulator.run(s.name(), arrivals, p, targetMs, percentile, app, settings).line());
      }
    }
    if (trace != null) {
      Arrivals arrivals = TraceFile.read(Path.of(trace), seed);
      String name = Path.of(trace).getFileName().toString();
      for (String p : policies) {
        out.println(Simulator.run(name, arrivals, p, targetMs, percentile, app, settings).line());
      }
    }
  }

  public static String usage() {
    return "simulate (--scenario NAME | --trace FILE | --all) [--policy latency|kpa]"
        + " [--target-ms N] [--percentile pNN] [--seed N] [--events]"
        + " [--slots N] [--service-ms N] [--cold-start-s N] [--scrape-s N]";
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static double whole(String flag, String value) {
    double v = positive(flag, value);
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException(flag + " = " + value + ", must be a whole number > 0");
    }
    return v;
  }

  private static double positive(String flag, String value) {
    double v;
    try {
      v = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(flag + " = " + value + ", must be a number > 0");
    }
    return v;
  }
}
