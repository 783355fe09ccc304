package net.evroclabs.run.samples.hello;

import java.util.Map;
import java.util.Objects;

/**
 * The answer to {@code GET /}: {@code Hello <HELLO> from <K_SERVICE>/<K_REVISION>}.
 *
 * @param hello whom to greet; {@code HELLO}, default {@value #DEFAULT_HELLO}
 * @param service the service name; {@code K_SERVICE}, default {@value #UNKNOWN}
 * @param revision the revision name; {@code K_REVISION}, default {@value #UNKNOWN}
 */
public record Greeting(String hello, String service, String revision) {

  static final String DEFAULT_HELLO = "world";
  static final String UNKNOWN = "unknown";

  public Greeting {
    Objects.requireNonNull(hello, "hello");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(revision, "revision");
  }

  /** Reads {@code HELLO}, {@code K_SERVICE} and {@code K_REVISION}; blank counts as unset. */
  public static Greeting fromEnvironment(Map<String, String> env) {
    return new Greeting(
        orDefault(env.get("HELLO"), DEFAULT_HELLO),
        orDefault(env.get("K_SERVICE"), UNKNOWN),
        orDefault(env.get("K_REVISION"), UNKNOWN));
  }

  /** The response body, without a trailing newline. */
  public String text() {
    return "Hello " + hello + " from " + service + "/" + revision;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
