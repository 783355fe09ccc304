package net.evroclabs.run.activator;

import java.util.regex.Pattern;

/** Identifies one revision as {@code <namespace>/<revision>}, the name of its Envoy cluster. */
public record RevisionKey(String namespace, String revision) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public RevisionKey {
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace = '" + namespace + "', must be a DNS label (lower case, digits, '-')");
    }
    if (revision == null || !DNS_LABEL.matcher(revision).matches()) {
      throw new IllegalArgumentException(
          "revision = '" + revision + "', must be a DNS label (lower case, digits, '-')");
    }
  }

  /** Parses {@code <namespace>/<revision>}; throws with a message naming the value otherwise. */
  public static RevisionKey parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("revision key is missing");
    }
    int slash = value.indexOf('/');
    if (slash < 0 || slash != value.lastIndexOf('/')) {
      throw new IllegalArgumentException(
          "revision key = '" + value + "', must be <namespace>/<revision>");
    }
    return new RevisionKey(value.substring(0, slash), value.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + revision;
  }
}
