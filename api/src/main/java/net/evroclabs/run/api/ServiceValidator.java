package net.evroclabs.run.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a Service as the user wrote it and returns every violation, each naming the field path,
 * the bad value and what is allowed. Pure: no I/O, no mutation.
 */
public final class ServiceValidator {

  /** Environment variable names the platform sets itself. */
  public static final Set<String> RESERVED_ENV =
      Set.of("PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION");

  public static final int MAX_ENV_VALUE_CHARS = 4096;
  public static final int MAX_ENV_TOTAL_BYTES = 4096;

  private static final Pattern DNS_1035 = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Duration MAX_SCALE_TO_ZERO_DELAY = Duration.ofHours(24);

  private final PlatformConfig config;
  private final List<Violation> violations = new ArrayList<>();

  private ServiceValidator(PlatformConfig config) {
    this.config = config;
  }

  /** Every violation in {@code service}; revision names are checked only for their shape. */
  public static List<Violation> validate(Service service, PlatformConfig config) {
    return validate(service, config, null);
  }

  /**
   * Every violation in {@code service}.
   *
   * @param existingRevisions the names of the Service's revisions, or null to skip the check that
   *     pinned revisions exist
   */
  public static List<Violation> validate(
      Service service, PlatformConfig config, Set<String> existingRevisions) {
    ServiceValidator v = new ServiceValidator(config);
    v.check(service, existingRevisions);
    return List.copyOf(v.violations);
  }

  /** One message listing every violation, for a status condition. */
  public static String describe(List<Violation> violations) {
    StringBuilder b = new StringBuilder();
    for (Violation v : violations) {
      b.append(b.isEmpty() ? "" : "; ").append(v);
    }
    return b.toString();
  }

  private void check(Service service, Set<String> existingRevisions) {
    String name = service.getMetadata() == null ? null : service.getMetadata().getName();
    if (name == null || !DNS_1035.matcher(name).matches()) {
      add(
          "metadata.name",
          name,
          "must be lower-case letters, digits and '-', starting with a letter and ending with a letter or digit");
    } else if (name.length() > Naming.MAX_SERVICE_NAME_LENGTH) {
      add(
          "metadata.name",
          name,
          "must be at most "
              + Naming.MAX_SERVICE_NAME_LENGTH
              + " characters, so that revision names fit in 63");
    }
    ServiceSpec spec = service.getSpec();
    if (spec == null) {
      add("spec", null, "is required");
      return;
    }
    checkTemplate(spec.getTemplate());
    checkAutoscaling(spec.getAutoscaling());
    checkTraffic(name, spec.getTraffic(), existingRevisions);
  }

  private void checkTemplate(RevisionTemplate template) {
    if (template == null) {
      add("spec.template", null, "is required");
      return;
    }
    range("spec.template.timeoutSeconds", template.getTimeoutSeconds(), 1, 600);
    range("spec.template.containerConcurrency", template.getContainerConcurrency(), 0, 1000);
    ContainerSpec c = template.getContainer();
    if (c == null) {
      add("spec.template.container", null, "is required");
      return;
    }
    String p = "spec.template.container";
    if (c.getImage() == null || c.getImage().isBlank()) {
      add(
          p + ".image",
          c.getImage(),
          "is required: an OCI image reference such as registry.example/hello:1.0");
    } else if (ImageReference.parse(c.getImage()).isEmpty()) {
      add(
          p + ".image",
          c.getImage(),
          "is not a valid OCI image reference; expected [registry[:port]/]repository[:tag][@digest] with a lower-case repository");
    }
    checkStrings(p + ".command", c.getCommand(), 64);
    checkStrings(p + ".args", c.getArgs(), 256);
    checkEnv(p + ".env", c.getEnv());
    Integer port = c.getPort();
    if (port != null) {
      if (port < 1024 || port > 65535) {
        add(p + ".port", port, "must be between 1024 and 65535");
      } else if (config.reservedPorts().contains(port)) {
        add(
            p + ".port",
            port,
            "is reserved by the platform; use any port from 1024 to 65535 except "
                + new TreeSet<>(config.reservedPorts()));
      }
    }
    if (c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null) {
      String path = c.getReadinessProbe().getHttpGet().getPath();
      if (path != null
          && (!path.startsWith("/")
              || path.chars().anyMatch(Character::isWhitespace)
              || path.length() > 1024)) {
        add(
            p + ".readinessProbe.httpGet.path",
            path,
            "must start with '/', contain no spaces and be at most 1024 characters");
      }
    }
  }

  private void checkStrings(String field, List<String> values, int max) {
    if (values == null) {
      return;
    }
    if (values.size() > max) {
      add(field, values.size() + " items", "may have at most " + max + " items");
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        add(field + "[" + i + "]", null, "must be a string");
      }
    }
  }

  private void checkEnv(String field, List<EnvVar> env) {
    if (env == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    int totalBytes = 0;
    for (int i = 0; i < env.size(); i++) {
      EnvVar e = env.get(i);
      String f = field + "[" + i + "]";
      if (e == null) {
        add(f, null, "must be an object with name and value");
        continue;
      }
      String name = e.getName();
      if (name == null || !ENV_NAME.matcher(name).matches()) {
        add(f + ".name", name, "must be letters, digits and '_', not starting with a digit");
      } else if (RESERVED_ENV.contains(name)) {
        add(
            f + ".name",
            name,
            "is set by the platform and may not be set here (reserved: PORT, K_SERVICE, K_REVISION, K_CONFIGURATION)");
      } else if (!seen.add(name)) {
        add(f + ".name", name, "appears more than once; each variable may be set once");
      }
      if (e.getValueFrom() != null) {
        add(f + ".valueFrom", e.getValueFrom(), "is not supported: give the value inline in value");
      }
      String value = e.getValue() == null ? "" : e.getValue();
      if (value.length() > MAX_ENV_VALUE_CHARS) {
        add(
            f + ".value",
            value.length() + " characters",
            "may be at most " + MAX_ENV_VALUE_CHARS + " characters");
      }
      totalBytes +=
          (name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length)
              + value.getBytes(StandardCharsets.UTF_8).length;
    }
    if (totalBytes > MAX_ENV_TOTAL_BYTES) {
      add(
          field,
          totalBytes + " bytes",
          "names and values together may be at most " + MAX_ENV_TOTAL_BYTES + " bytes (4 KiB)");
    }
  }

  private void checkAutoscaling(Autoscaling a) {
    if (a == null) {
      return;
    }
    String p = "spec.autoscaling";
    range(p + ".target", a.getTarget(), 1, 1_000_000);
    ScalingMetric metric = a.getMetric() == null ? config.autoscaling().metric() : a.getMetric();
    if (a.getPercentile() != null && metric != ScalingMetric.LATENCY) {
      add(
          p + ".percentile",
          a.getPercentile().wire(),
          "is allowed only with metric: latency (metric is " + metric.wire() + ")");
    }
    range(p + ".minScale", a.getMinScale(), 0, 1000);
    range(p + ".maxScale", a.getMaxScale(), 1, 1000);
    if (a.getMinScale() != null && a.getMaxScale() != null && a.getMinScale() > a.getMaxScale()) {
      add(
          p + ".minScale",
          a.getMinScale(),
          "must not be greater than maxScale (" + a.getMaxScale() + ")");
    }
    String delay = a.getScaleToZeroDelay();
    if (delay != null) {
      if (!Durations.isValid(delay)) {
        add(p + ".scaleToZeroDelay", delay, "must be a duration such as 60s, 5m or 1m30s");
      } else if (Durations.parse(delay).compareTo(MAX_SCALE_TO_ZERO_DELAY) > 0) {
        add(p + ".scaleToZeroDelay", delay, "must be at most 24h");
      }
    }
  }

  private void checkTraffic(
      String service, List<TrafficTarget> traffic, Set<String> existingRevisions) {
    if (traffic == null || traffic.isEmpty()) {
      return;
    }
    if (traffic.size() > 100) {
      add("spec.traffic", traffic.size() + " targets", "may have at most 100 targets");
    }
    int sum = 0;
    Set<String> tags = new HashSet<>();
    for (int i = 0; i < traffic.size(); i++) {
      TrafficTarget t = traffic.get(i);
      String f = "spec.traffic[" + i + "]";
      if (t == null) {
        add(f, null, "must be an object");
        continue;
      }
      boolean pinned = t.getRevisionName() != null;
      if (pinned == t.followsLatest()) {
        add(
            f,
            pinned ? "revisionName and latestRevision: true" : "neither",
            "set exactly one of revisionName or latestRevision: true");
      }
      if (pinned && service != null) {
        String rn = t.getRevisionName();
        if (Naming.revisionNumber(service, rn) < 0) {
          add(
              f + ".revisionName",
              rn,
              "is not a revision of service "
                  + service
                  + " (revisions are named "
                  + service
                  + "-00001, "
                  + service
                  + "-00002, ...)");
        } else if (existingRevisions != null && !existingRevisions.contains(rn)) {
          add(
              f + ".revisionName",
              rn,
              "does not exist; existing revisions: " + new TreeSet<>(existingRevisions));
        }
      }
      if (t.getPercent() != null) {
        range(f + ".percent", t.getPercent(), 0, 100);
        sum += t.getPercent();
      }
      String tag = t.getTag();
      if (tag != null) {
        if (!DNS_1035.matcher(tag).matches()) {
          add(
              f + ".tag",
              tag,
              "must be lower-case letters, digits and '-', starting with a letter");
        } else if (Naming.tagHost(config, tag, "0".repeat(Naming.IID_LENGTH))
                .split("\\.")[0]
                .length()
            > 63) {
          add(
              f + ".tag",
              tag,
              "is too long: the tag host's first label would exceed 63 characters");
        } else if (!tags.add(tag)) {
          add(f + ".tag", tag, "is used by another target; each tag must be unique");
        }
      }
    }
    if (sum != 100) {
      add("spec.traffic", "percent sum " + sum, "the percent values must sum to 100");
    }
  }

  private void range(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      add(field, value, "must be between " + min + " and " + max);
    }
  }

  private void add(String field, Object value, String message) {
    violations.add(new Violation(field, value == null ? null : String.valueOf(value), message));
  }
}
