package net.evroclabs.run.scaler;

import net.evroclabs.run.scaler.sim.SimulateCommand;

/**
 * Entry point: {@code scaler.jar simulate ...} runs the simulator, otherwise the scaler process.
 */
public final class ScalerMain {
  private ScalerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("simulate")) {
      try {
        SimulateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      return;
    }
    System.err.println("usage: scaler.jar [simulate ...]");
  }
}
