package net.evroclabs.run.scaler.decision;

/** Number formatting for reasons in words. */
final class Text {

  private Text() {}

  /** At most one decimal, without trailing zero: 38, 3.5, 0.1. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "?";
    }
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
  }
}
