package net.evroclabs.run.scaler;

/** Entry point of the scaler process. */
public final class ScalerMain {
  private ScalerMain() {}

  public static void main(String[] args) {
    System.out.println("scaler");
  }
}
