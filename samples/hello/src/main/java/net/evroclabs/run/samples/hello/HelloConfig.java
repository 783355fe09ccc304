package net.evroclabs.run.samples.hello;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the sample reads from its environment, parsed and validated once at startup.
 *
 * @param bindAddress IP literal to listen on; {@code BIND_ADDRESS}, default {@code 0.0.0.0}
 * @param port TCP port to listen on; {@code PORT}, required, 1..65535 (0, any free port, is
 *     accepted here for tests but never read from the environment)
 * @param greeting what {@code GET /} answers
 * @param environment the whole process environment, sorted by name, served on {@code /env}
 */
public record HelloConfig(
    String bindAddress, int port, Greeting greeting, Map<String, String> environment) {

  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public HelloConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(greeting, "greeting");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port = " + port + ", must be between 0 and 65535");
    }
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
  }

  /**
   * Reads {@code PORT}, {@code BIND_ADDRESS}, {@code HELLO}, {@code K_SERVICE} and {@code
   * K_REVISION}.
   *
   * @throws IllegalArgumentException naming the variable and its value when one is missing or
   *     invalid
   */
  public static HelloConfig fromEnvironment(Map<String, String> env) {
    return new HelloConfig(
        bindAddress(env.get("BIND_ADDRESS")),
        port(env.get("PORT")),
        Greeting.fromEnvironment(env),
        env);
  }

  static int port(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "PORT is not set; set it to the TCP port to listen on, between 1 and 65535");
    }
    if (!DIGITS.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "PORT = \"" + value + "\" is not a port number; it must be between 1 and 65535");
    }
    int port = Integer.parseInt(value);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "PORT = \"" + value + "\" is out of range; it must be between 1 and 65535");
    }
    return port;
  }

  static String bindAddress(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_BIND_ADDRESS;
    }
    if (IPV4.matcher(value).matches() || (IPV6.matcher(value).matches() && isIpv6(value))) {
      return value;
    }
    throw new IllegalArgumentException(
        "BIND_ADDRESS = \""
            + value
            + "\" is not an IP address; use an IPv4 or IPv6 literal such as 0.0.0.0 or ::1");
  }

  /** True for an IPv6 literal; a string with ':' is parsed as one and never looked up. */
  private static boolean isIpv6(String value) {
    try {
      return InetAddress.getByName(value) instanceof Inet6Address;
    } catch (UnknownHostException notALiteral) {
      return false;
    }
  }
}
