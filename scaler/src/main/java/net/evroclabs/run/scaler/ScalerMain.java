package net.evroclabs.run.scaler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.scaler.kube.RunConfig;
import net.evroclabs.run.scaler.sim.SimulateCommand;

/**
 * Entry point: {@code scaler.jar simulate ...} runs the simulator; without arguments it runs the
 * scaler process configured from the environment (see {@link ScalerConfig}).
 */
public final class ScalerMain {
  private ScalerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("simulate")) {
      try {
        SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      return;
    }
    if (args.length > 0) {
      System.err.println("usage: scaler.jar [" + SimulateCommand.usage() + "]");
      System.exit(2);
    }
    ScalerConfig config;
    try {
      config = ScalerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    PlatformConfig platform;
    try {
      platform = RunConfig.read(client, config.leaseNamespace());
    } catch (IllegalArgumentException e) {
      System.err.println("run-config: " + e.getMessage());
      System.exit(2);
      return;
    }
    ScalerProcess process = ScalerProcess.start(config, platform, client, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
