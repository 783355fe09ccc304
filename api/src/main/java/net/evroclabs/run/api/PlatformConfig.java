package net.evroclabs.run.api;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Platform-wide settings, shipped as the {@code run-config} ConfigMap in {@code run-system} and
 * read by every component. {@link PlatformConfigParser} maps the ConfigMap's keys onto this record;
 * the compact constructor rejects bad values with a message naming the key.
 *
 * @param domain the domain every service host ends in, e.g. {@code prod.evroclabs.net}
 * @param domainTemplate the service host, with {@code {iid}} and {@code {domain}}
 * @param tagTemplate a tagged target's host, with {@code {tag}}, {@code {iid}} and {@code {domain}}
 * @param tlsSecret the wildcard certificate's Secret, as {@code namespace/name}
 * @param reservedPorts ports a container may not use
 * @param defaultResources requests and limits of a workload container
 * @param maxResources the most a workload container may be given
 * @param scratchSizeLimit size limit of the in-memory {@code /tmp}
 * @param autoscaling autoscaling defaults for fields a Service leaves unset
 * @param revisionHistoryLimit unreferenced revisions kept per Service, newest first
 * @param activatorQueueLimit requests the activator holds per revision
 * @param preStopDelay how long a terminating instance keeps serving before SIGTERM
 * @param progressDeadline how long an instance may take to become ready
 * @param workloadPodCidrs address ranges of workload pods, refused as request sources at the
 *     gateway
 */
public record PlatformConfig(
    String domain,
    String domainTemplate,
    String tagTemplate,
    String tlsSecret,
    Set<Integer> reservedPorts,
    Resources defaultResources,
    Resources maxResources,
    String scratchSizeLimit,
    AutoscalingDefaults autoscaling,
    int revisionHistoryLimit,
    int activatorQueueLimit,
    Duration preStopDelay,
    Duration progressDeadline,
    List<String> workloadPodCidrs) {

  /** The ports no container may use: the platform's and its usual neighbours' well-known ports. */
  public static final Set<Integer> DEFAULT_RESERVED_PORTS =
      Set.of(8012, 8022, 9090, 9091, 15000, 15001, 15006, 15020, 15021, 15090, 41000);

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  static final Pattern QUANTITY = Pattern.compile("^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$");
  private static final Pattern CIDR =
      Pattern.compile(
          "^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/(3[0-2]|[12]?[0-9])$"
              + "|^[0-9a-fA-F:]+:[0-9a-fA-F:]*/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$");

  /** CPU and memory as Kubernetes quantities, e.g. {@code 250m} and {@code 512Mi}. */
  public record Resources(String cpu, String memory) {}

  /** Values for the autoscaling fields a Service leaves unset. */
  public record AutoscalingDefaults(
      ScalingMetric metric,
      int target,
      Percentile percentile,
      int minScale,
      int maxScale,
      Duration scaleToZeroDelay) {}

  public PlatformConfig {
    reservedPorts = Set.copyOf(new TreeSet<>(reservedPorts));
    workloadPodCidrs = List.copyOf(workloadPodCidrs);
    List<String> errors = new ArrayList<>();
    if (domain == null || !DNS_NAME.matcher(domain).matches()) {
      errors.add(
          "domain = '" + domain + "', must be a lower-case DNS name such as run.example.com");
    }
    checkTemplate(errors, "domain-template", domainTemplate, List.of("{iid}", "{domain}"));
    checkTemplate(errors, "tag-template", tagTemplate, List.of("{tag}", "{iid}", "{domain}"));
    if (tlsSecret == null
        || !tlsSecret.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
      errors.add("tls-secret = '" + tlsSecret + "', must be namespace/name of a TLS Secret");
    }
    for (int port : reservedPorts) {
      if (port < 1 || port > 65535) {
        errors.add("reserved-ports contains " + port + ", must be 1..65535");
      }
    }
    checkResources(errors, "default", defaultResources);
    checkResources(errors, "max", maxResources);
    if (scratchSizeLimit == null || !QUANTITY.matcher(scratchSizeLimit).matches()) {
      errors.add(
          "scratch-size-limit = '" + scratchSizeLimit + "', must be a quantity such as 256Mi");
    }
    checkAutoscaling(errors, autoscaling);
    if (revisionHistoryLimit < 0) {
      errors.add("revision-history-limit = " + revisionHistoryLimit + ", must be >= 0");
    }
    if (activatorQueueLimit < 1) {
      errors.add("activator-queue-limit = " + activatorQueueLimit + ", must be >= 1");
    }
    checkDuration(errors, "pre-stop-delay", preStopDelay, Duration.ZERO, Duration.ofSeconds(60));
    checkDuration(
        errors, "progress-deadline", progressDeadline, Duration.ofSeconds(10), Duration.ofHours(1));
    for (String cidr : workloadPodCidrs) {
      byte[] address = CIDR.matcher(cidr).matches() ? addressBytes(cidr) : null;
      if (address == null) {
        errors.add(
            "workload-pod-cidrs contains '" + cidr + "', must be a CIDR such as 10.244.0.0/16");
      } else if (hostBitsSet(address, Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)))) {
        errors.add(
            "workload-pod-cidrs contains '"
                + cidr
                + "', which has host bits set; give the network address of the range");
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid platform config: " + String.join("; ", errors));
    }
  }

  /** The platform's defaults: what the shipped {@code run-config} ConfigMap says. */
  public static PlatformConfig defaults() {
    return new PlatformConfig(
        "run.localhost",
        "svc-{iid}.{domain}",
        "{tag}-svc-{iid}.{domain}",
        "run-system/run-wildcard-tls",
        DEFAULT_RESERVED_PORTS,
        new Resources("250m", "512Mi"),
        new Resources("4", "8Gi"),
        "256Mi",
        new AutoscalingDefaults(
            ScalingMetric.LATENCY, 200, Percentile.P95, 0, 10, Duration.ofSeconds(60)),
        20,
        10_000,
        Duration.ofSeconds(5),
        Duration.ofMinutes(4),
        List.of("10.244.0.0/16"));
  }

  /** The wildcard certificate's Secret namespace. */
  public String tlsSecretNamespace() {
    return tlsSecret.substring(0, tlsSecret.indexOf('/'));
  }

  /** The wildcard certificate's Secret name. */
  public String tlsSecretName() {
    return tlsSecret.substring(tlsSecret.indexOf('/') + 1);
  }

  /** A copy with another domain. */
  public PlatformConfig withDomain(String newDomain) {
    return new PlatformConfig(
        newDomain,
        domainTemplate,
        tagTemplate,
        tlsSecret,
        reservedPorts,
        defaultResources,
        maxResources,
        scratchSizeLimit,
        autoscaling,
        revisionHistoryLimit,
        activatorQueueLimit,
        preStopDelay,
        progressDeadline,
        workloadPodCidrs);
  }

  private static void checkTemplate(
      List<String> errors, String key, String template, List<String> placeholders) {
    if (template == null) {
      errors.add(key + " is missing");
      return;
    }
    for (String p : placeholders) {
      if (!template.contains(p)) {
        errors.add(key + " = '" + template + "', must contain " + p);
      }
    }
    String probe =
        template.replace("{tag}", "t").replace("{iid}", "a0b1c2d3e4").replace("{domain}", "x.y");
    if (!DNS_NAME.matcher(probe).matches() || !DNS_LABEL.matcher(probe.split("\\.")[0]).matches()) {
      errors.add(key + " = '" + template + "', must produce a DNS name");
    }
  }

  private static void checkResources(List<String> errors, String which, Resources r) {
    if (r == null) {
      errors.add(which + " resources are missing");
      return;
    }
    if (r.cpu() == null || !QUANTITY.matcher(r.cpu()).matches()) {
      errors.add(which + "-cpu = '" + r.cpu() + "', must be a quantity such as 250m or 2");
    }
    if (r.memory() == null || !QUANTITY.matcher(r.memory()).matches()) {
      errors.add(which + "-memory = '" + r.memory() + "', must be a quantity such as 512Mi");
    }
  }

  private static void checkAutoscaling(List<String> errors, AutoscalingDefaults a) {
    if (a == null || a.metric() == null || a.percentile() == null) {
      errors.add("autoscaling-metric and autoscaling-percentile must be set");
      return;
    }
    if (a.target() < 1) {
      errors.add("autoscaling-target = " + a.target() + ", must be >= 1");
    }
    if (a.minScale() < 0) {
      errors.add("autoscaling-min-scale = " + a.minScale() + ", must be >= 0");
    }
    if (a.maxScale() < 1 || a.maxScale() < a.minScale()) {
      errors.add(
          "autoscaling-max-scale = "
              + a.maxScale()
              + ", must be >= 1 and >= autoscaling-min-scale");
    }
    checkDuration(
        errors,
        "autoscaling-scale-to-zero-delay",
        a.scaleToZeroDelay(),
        Duration.ZERO,
        Duration.ofHours(24));
  }

  /** The address of {@code cidr} (matched by {@link #CIDR}), or null when it is no IP literal. */
  private static byte[] addressBytes(String cidr) {
    try {
      // An IP literal (the pattern allows nothing else), so no name is looked up.
      return InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean hostBitsSet(byte[] address, int prefixLength) {
    int lowest = new BigInteger(1, address).getLowestSetBit();
    return lowest >= 0 && lowest < address.length * 8 - prefixLength;
  }

  private static void checkDuration(
      List<String> errors, String key, Duration d, Duration min, Duration max) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      errors.add(
          key
              + " = "
              + (d == null ? "null" : Durations.format(d))
              + ", must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max));
    }
  }
}
