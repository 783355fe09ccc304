package net.evroclabs.run.bench.scaler;

import java.util.Locale;
import net.evroclabs.run.bench.BenchGroup;
import net.evroclabs.run.bench.BenchReport;
import net.evroclabs.run.scaler.sim.Scenario;
import net.evroclabs.run.scaler.sim.Scenarios;
import net.evroclabs.run.scaler.sim.SimReport;
import net.evroclabs.run.scaler.sim.Simulator;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code bench/run scaler}: the decision time of one tick over 10,000 revisions (JMH), and the
 * simulator's comparison of our latency policy with Knative's KPA on every built-in scenario.
 */
public final class ScalerBench implements BenchGroup {

  private static final double TARGET_MS = 200;
  private static final double PERCENTILE = 0.95;

  @Override
  public void run(BenchReport report, String[] args) throws Exception {
    report.note("machine", "2 cores shared with other builds and tests running at the same time");
    tick(report);
    simulate(report);
  }

  private static void tick(BenchReport report) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(TickBenchmark.class.getName())
            .forks(1)
            // Scale events are logged at INFO; the figure is about deciding, not printing.
            .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(10)
            .measurementTime(TimeValue.seconds(2))
            .timeout(TimeValue.minutes(2))
            .build();
    for (RunResult r : new Runner(options).run()) {
      Statistics stats = r.getPrimaryResult().getStatistics();
      // The median: this machine is shared, and a neighbour's build stalls single ticks.
      report.record("scaler.tick_10k_ms", stats.getPercentile(50), "ms");
      report.note(
          "scaler.tick_10k_ms",
          String.format(
              Locale.ROOT,
              "JMH sampled time of one tick over 10,000 revisions (in-memory workloads and"
                  + " metrics): median %.1f ms, mean %.1f ms, p90 %.1f ms, p99 %.1f ms over %d"
                  + " ticks; target <= 100 ms",
              stats.getPercentile(50),
              stats.getMean(),
              stats.getPercentile(90),
              stats.getPercentile(99),
              stats.getN()));
    }
  }

  private static void simulate(BenchReport report) {
    report.note(
        "simulation",
        "typical app (8 requests at once per pod, 50 ms log-normal service time, 8 s cold start),"
            + " target p95 <= 200 ms, scrape 5 s, tick 2 s, seed 42; SLO windows count 1-minute"
            + " windows with traffic after the first cold start");
    report.note("columns", SimReport.header());
    for (Scenario s : Scenarios.all()) {
      for (String policy : Simulator.POLICIES) {
        SimReport r = Simulator.run(s, policy, TARGET_MS, PERCENTILE);
        String prefix = "scaler." + s.name() + "." + policy;
        report.record(prefix + ".slo_windows_pct", round(r.sloWindowsPct()), "%");
        report.record(prefix + ".replica_seconds", Math.round(r.replicaSeconds()), "s");
        report.note(prefix, r.line());
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
