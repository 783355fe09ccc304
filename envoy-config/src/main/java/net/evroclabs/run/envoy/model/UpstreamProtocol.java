package net.evroclabs.run.envoy.model;

import java.util.Locale;

/** How the gateway speaks to a revision's pods. */
public enum UpstreamProtocol {
  /** HTTP/1.1 in clear text. */
  HTTP1("http1"),
  /** HTTP/2 in clear text (prior knowledge), for gRPC. */
  H2C("h2c");

  private final String wireName;

  UpstreamProtocol(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name used in the Service resource and in cluster metadata: {@code http1} or {@code h2c}.
   */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code http1} or {@code h2c}; the error names the field and the value. */
  public static UpstreamProtocol parse(String field, String value) {
    for (UpstreamProtocol p : values()) {
      if (p.wireName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(field + " = '" + value + "', must be http1 or h2c");
  }
}
