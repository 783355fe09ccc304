package net.evroclabs.run.networkpolicy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Input validation shared by the records; every message names the field and the bad value. */
final class Checks {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Checks() {}

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " = null, must be set");
    }
    return value;
  }

  /** A DNS-1123 label (namespace and revision names): lower-case alphanumerics and '-'. */
  static String dnsLabel(String field, String value) {
    present(field, value);
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " = \""
              + value
              + "\", must be a DNS label: at most 63 lower-case letters, digits and '-',"
              + " starting and ending with a letter or digit");
    }
    return value;
  }

  static int port(String field, int value) {
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(field + " = " + value + ", must be between 1 and 65535");
    }
    return value;
  }

  static List<Integer> ports(String field, List<Integer> values) {
    present(field, values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(field + " = [], must list at least one port");
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      Integer value = present(field + "[" + i + "]", values.get(i));
      port(field + "[" + i + "]", value);
      if (!seen.add(value)) {
        throw new IllegalArgumentException(field + "[" + i + "] = " + value + ", is listed twice");
      }
    }
    return List.copyOf(values);
  }

  /**
   * Kubernetes label keys and values, sorted by key. {@code nonEmpty}: an empty selector would
   * select every pod, which is never what a component selector means.
   */
  static Map<String, String> labels(String field, Map<String, String> labels, boolean nonEmpty) {
    present(field, labels);
    if (nonEmpty && labels.isEmpty()) {
      throw new IllegalArgumentException(
          field + " = {}, must have at least one label; an empty selector selects every pod");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    labels.forEach(
        (key, value) -> {
          labelKey(field, key);
          labelValue(field + "[" + key + "]", value);
          sorted.put(key, value);
        });
    return java.util.Collections.unmodifiableSortedMap(sorted);
  }

  private static void labelKey(String field, String key) {
    present(field + " key", key);
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean validPrefix =
        prefix == null || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
    boolean validName = name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    if (!validPrefix || !validName) {
      throw new IllegalArgumentException(
          field
              + " has the label key \""
              + key
              + "\", must be an optional DNS subdomain and '/' followed by a name of at most 63"
              + " letters, digits, '-', '_' and '.'");
    }
  }

  private static void labelValue(String field, String value) {
    present(field, value);
    if (!value.isEmpty() && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
      throw new IllegalArgumentException(
          field
              + " = \""
              + value
              + "\", must be empty or at most 63 letters, digits, '-', '_' and '.', starting and"
              + " ending with a letter or digit");
    }
  }
}
