package net.evroclabs.run.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code run-config} ConfigMap's data into a {@link PlatformConfig}. Missing keys keep
 * their defaults; unknown keys and bad values are errors that name the key and the value.
 */
public final class PlatformConfigParser {

  /** Every key the ConfigMap may hold. */
  public static final Set<String> KEYS =
      Set.of(
          "domain",
          "domain-template",
          "tag-template",
          "tls-secret",
          "reserved-ports",
          "default-cpu",
          "default-memory",
          "max-cpu",
          "max-memory",
          "scratch-size-limit",
          "autoscaling-metric",
          "autoscaling-target",
          "autoscaling-percentile",
          "autoscaling-min-scale",
          "autoscaling-max-scale",
          "autoscaling-scale-to-zero-delay",
          "revision-history-limit",
          "activator-queue-limit",
          "pre-stop-delay",
          "progress-deadline",
          "workload-pod-cidrs");

  private PlatformConfigParser() {}

  /**
   * Parses ConfigMap data.
   *
   * @throws IllegalArgumentException listing every unknown key and bad value
   */
  public static PlatformConfig parse(Map<String, String> data) {
    PlatformConfig d = PlatformConfig.defaults();
    Reader r = new Reader(data);
    for (String key : new TreeSet<>(data.keySet())) {
      if (!KEYS.contains(key)) {
        r.errors.add(
            "unknown key '"
                + key
                + "' (known keys: "
                + String.join(", ", new TreeSet<>(KEYS))
                + ")");
      }
    }
    PlatformConfig.AutoscalingDefaults a = d.autoscaling();
    PlatformConfig.AutoscalingDefaults autoscaling =
        new PlatformConfig.AutoscalingDefaults(
            r.enumValue("autoscaling-metric", ScalingMetric.values(), a.metric()),
            r.integer("autoscaling-target", a.target()),
            r.enumValue("autoscaling-percentile", Percentile.values(), a.percentile()),
            r.integer("autoscaling-min-scale", a.minScale()),
            r.integer("autoscaling-max-scale", a.maxScale()),
            r.duration("autoscaling-scale-to-zero-delay", a.scaleToZeroDelay()));
    PlatformConfig parsed = null;
    List<String> errors = r.errors;
    if (errors.isEmpty()) {
      try {
        parsed =
            new PlatformConfig(
                r.string("domain", d.domain()),
                r.string("domain-template", d.domainTemplate()),
                r.string("tag-template", d.tagTemplate()),
                r.string("tls-secret", d.tlsSecret()),
                r.ports("reserved-ports", d.reservedPorts()),
                new PlatformConfig.Resources(
                    r.string("default-cpu", d.defaultResources().cpu()),
                    r.string("default-memory", d.defaultResources().memory())),
                new PlatformConfig.Resources(
                    r.string("max-cpu", d.maxResources().cpu()),
                    r.string("max-memory", d.maxResources().memory())),
                r.string("scratch-size-limit", d.scratchSizeLimit()),
                autoscaling,
                r.integer("revision-history-limit", d.revisionHistoryLimit()),
                r.integer("activator-queue-limit", d.activatorQueueLimit()),
                r.duration("pre-stop-delay", d.preStopDelay()),
                r.duration("progress-deadline", d.progressDeadline()),
                r.list("workload-pod-cidrs", d.workloadPodCidrs()));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty() || parsed == null) {
      throw new IllegalArgumentException("run-config: " + String.join("; ", errors));
    }
    return parsed;
  }

  private static final class Reader {
    private final Map<String, String> data;
    private final List<String> errors = new ArrayList<>();

    Reader(Map<String, String> data) {
      this.data = data;
    }

    String string(String key, String fallback) {
      String v = data.get(key);
      return v == null ? fallback : v.strip();
    }

    int integer(String key, int fallback) {
      String v = data.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        errors.add(key + " = '" + v + "', must be a whole number");
        return fallback;
      }
    }

    Duration duration(String key, Duration fallback) {
      String v = data.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Durations.parse(v.strip());
      } catch (IllegalArgumentException e) {
        errors.add(key + " = '" + v + "', must be a duration such as 60s or 5m");
        return fallback;
      }
    }

    <E extends Enum<E>> E enumValue(String key, E[] values, E fallback) {
      String v = data.get(key);
      if (v == null) {
        return fallback;
      }
      for (E e : values) {
        if (e.toString().equalsIgnoreCase(v.strip())) {
          return e;
        }
      }
      errors.add(
          key
              + " = '"
              + v
              + "', must be one of "
              + Arrays.stream(values).map(e -> e.name().toLowerCase()).toList());
      return fallback;
    }

    List<String> list(String key, List<String> fallback) {
      String v = data.get(key);
      if (v == null) {
        return fallback;
      }
      return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    Set<Integer> ports(String key, Set<Integer> fallback) {
      String v = data.get(key);
      if (v == null) {
        return fallback;
      }
      Set<Integer> ports = new LinkedHashSet<>();
      for (String part : list(key, List.of())) {
        try {
          ports.add(Integer.parseInt(part));
        } catch (NumberFormatException e) {
          errors.add(key + " contains '" + part + "', must be port numbers separated by commas");
        }
      }
      return ports;
    }
  }
}
