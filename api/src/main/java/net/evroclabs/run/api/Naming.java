package net.evroclabs.run.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the platform names things: service ids, hosts, URLs and revisions. */
public final class Naming {

  /** Length of an iid. */
  public static final int IID_LENGTH = 10;

  /** The most revisions a Service can have over its life. */
  public static final int MAX_REVISION_NUMBER = 99_999;

  /** A service name may be at most this long, so that {@code <name>-00001} fits in 63. */
  public static final int MAX_SERVICE_NAME_LENGTH = 63 - 6;

  private static final BigInteger IID_SPACE = BigInteger.valueOf(36).pow(IID_LENGTH);
  private static final Pattern REVISION = Pattern.compile("^(.+)-([0-9]{5})$");

  private Naming() {}

  /**
   * The service's iid: 10 characters of {@code [a-z0-9]} derived from its Kubernetes UID. It is
   * stable for the life of the resource and changes when the Service is deleted and created again.
   * Uniform over 36^10 (about 3.7e15) values, so collisions are negligible for any realistic number
   * of services.
   */
  public static String iid(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("metadata.uid is empty: an iid needs the resource's UID");
    }
    byte[] digest = sha256(uid.getBytes(StandardCharsets.UTF_8));
    String base36 = new BigInteger(1, digest).mod(IID_SPACE).toString(36);
    return "0".repeat(IID_LENGTH - base36.length()) + base36;
  }

  /** The service's host, e.g. {@code svc-k3x9q2m7ab.prod.evroclabs.net}. */
  public static String serviceHost(PlatformConfig config, String iid) {
    return config.domainTemplate().replace("{iid}", iid).replace("{domain}", config.domain());
  }

  /** A tagged target's host, e.g. {@code previous-svc-k3x9q2m7ab.prod.evroclabs.net}. */
  public static String tagHost(PlatformConfig config, String tag, String iid) {
    return config
        .tagTemplate()
        .replace("{tag}", tag)
        .replace("{iid}", iid)
        .replace("{domain}", config.domain());
  }

  /** The HTTPS URL of a host. */
  public static String url(String host) {
    return "https://" + host;
  }

  /** The n-th revision's name, e.g. {@code hello-00001}. */
  public static String revisionName(String service, int n) {
    if (n < 1 || n > MAX_REVISION_NUMBER) {
      throw new IllegalArgumentException(
          "revision number " + n + " out of range 1.." + MAX_REVISION_NUMBER);
    }
    return String.format("%s-%05d", service, n);
  }

  /** The number of a revision of {@code service}, or -1 when the name is not one of its. */
  public static int revisionNumber(String service, String revisionName) {
    Matcher m = REVISION.matcher(revisionName == null ? "" : revisionName);
    if (!m.matches() || !m.group(1).equals(service)) {
      return -1;
    }
    return Integer.parseInt(m.group(2));
  }

  /** The Envoy cluster and {@code x-run-revision} value of a revision. */
  public static String clusterName(String namespace, String revision) {
    return namespace + "/" + revision;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
