package net.evroclabs.run.local.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A stand-in platform process for {@code ProcessWorkloadsIT}: starts one long-running instance,
 * writes its PID to a file, then waits to be killed.
 */
public final class OrphanProbeMain {

  private OrphanProbeMain() {}

  public static void main(String[] args) throws Exception {
    Path pidFile = Path.of(args[0]);
    ProcessWorkloads workloads =
        new ProcessWorkloads(
            new OsProcessLauncher(),
            Path.of(args[1]),
            Clock.systemUTC(),
            RestartBackoff.defaults(),
            Duration.ofSeconds(10),
            System.getenv(),
            s -> {});
    workloads.apply(
        new InstanceSpec(
            "t",
            "s",
            "s-00001",
            List.of("sleep", "300"),
            Map.of(),
            new InstanceSpec.Readiness.Tcp()),
        1);
    while (workloads.pids().isEmpty()) {
      Thread.onSpinWait();
    }
    Files.writeString(pidFile, Long.toString(workloads.pids().get(0)));
    Thread.currentThread().join();
  }
}
