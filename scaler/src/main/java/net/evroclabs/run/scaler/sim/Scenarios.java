package net.evroclabs.run.scaler.sim;

import java.util.List;

/** The built-in scenarios, each scaled to a typical pod (about 160 req/s at saturation). */
public final class Scenarios {

  private Scenarios() {}

  public static List<Scenario> all() {
    return List.of(
        new Scenario("steady", "300 req/s for 30 min", 1800, t -> 300),
        new Scenario(
            "step", "50 req/s, then x10 to 500 req/s at 10 min", 1800, t -> t < 600 ? 50 : 500),
        new Scenario(
            "ramp", "linear ramp 10 -> 600 req/s over 30 min", 1800, t -> 10 + 590 * t / 1800),
        new Scenario(
            "spikes",
            "100 req/s with 30 s spikes to 500 req/s every 5 min",
            2400,
            t -> (t % 300) >= 150 && (t % 300) < 180 ? 500 : 100),
        new Scenario(
            "diurnal",
            "sine between 20 and 400 req/s, 1 h period, 2 h",
            7200,
            t -> 210 - 190 * Math.cos(2 * Math.PI * t / 3600)),
        new Scenario(
            "onoff",
            "5 min at 100 req/s, then 15 min idle, three times",
            3600,
            t -> (t % 1200) < 300 ? 100 : 0));
  }

  public static Scenario named(String name) {
    for (Scenario s : all()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "--scenario = "
            + name
            + ", must be one of "
            + String.join(", ", all().stream().map(Scenario::name).toList()));
  }
}
