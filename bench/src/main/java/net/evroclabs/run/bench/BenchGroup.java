package net.evroclabs.run.bench;

/**
 * One group of benchmarks, run by {@code bench/run <name>}. Implementations live in {@code
 * net.evroclabs.run.bench.<name>} and are named {@code <Name>Bench}, for example {@code
 * net.evroclabs.run.bench.envoy.EnvoyBench}.
 */
public interface BenchGroup {

  /** Runs the group, recording every figure in {@code report}. */
  void run(BenchReport report, String[] args) throws Exception;
}
