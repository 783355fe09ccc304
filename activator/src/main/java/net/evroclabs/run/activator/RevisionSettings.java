package net.evroclabs.run.activator;

import java.time.Duration;

/**
 * Per-revision settings carried in the Envoy cluster metadata under {@code run.evroclabs.net}.
 *
 * @param timeoutSeconds request timeout, 1..600; time held counts
 * @param containerConcurrency in-flight requests allowed per pod, 0 = unlimited
 * @param protocol how the pods speak HTTP
 */
public record RevisionSettings(int timeoutSeconds, int containerConcurrency, Protocol protocol) {

  /** Wire protocol of a revision's pods. */
  public enum Protocol {
    HTTP1("http1"),
    H2C("h2c");

    private final String wireName;

    Protocol(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** Parses {@code http1} or {@code h2c}. */
    public static Protocol parse(String value) {
      for (Protocol p : values()) {
        if (p.wireName.equals(value)) {
          return p;
        }
      }
      throw new IllegalArgumentException("protocol = '" + value + "', must be http1 or h2c");
    }
  }

  public RevisionSettings {
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new IllegalArgumentException("timeoutSeconds = " + timeoutSeconds + ", must be 1..600");
    }
    if (containerConcurrency < 0) {
      throw new IllegalArgumentException(
          "containerConcurrency = " + containerConcurrency + ", must be >= 0");
    }
    if (protocol == null) {
      throw new IllegalArgumentException("protocol = null, must be http1 or h2c");
    }
  }

  /** The settings a revision gets when its cluster carries no metadata. */
  public static RevisionSettings defaults() {
    return new RevisionSettings(300, 0, Protocol.HTTP1);
  }

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }
}
