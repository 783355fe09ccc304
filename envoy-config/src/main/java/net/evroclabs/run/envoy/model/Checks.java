package net.evroclabs.run.envoy.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks for the model records; every message names the field and the bad value. */
final class Checks {

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private Checks() {}

  static String label(String field, String value) {
    Objects.requireNonNull(value, field + " must be set");
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " = '" + value + "', must be a lower-case DNS label (a-z, 0-9, '-', at most 63)");
    }
    return value;
  }

  static String host(String field, String value) {
    Objects.requireNonNull(value, field + " must be set");
    if (!DNS_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " = '"
              + value
              + "', must be a lower-case DNS name such as svc-k3x9q2m7ab.example.net");
    }
    return value;
  }

  static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " = " + value + ", must be between " + min + " and " + max);
    }
    return value;
  }

  static <T> List<T> list(String field, List<T> value) {
    Objects.requireNonNull(value, field + " must be set");
    for (int i = 0; i < value.size(); i++) {
      Objects.requireNonNull(value.get(i), field + "[" + i + "] must not be null");
    }
    return List.copyOf(value);
  }
}
