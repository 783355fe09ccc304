package net.evroclabs.run.envoy.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One address traffic can be sent to: a ready pod (its IP and container port) or an activator.
 *
 * @param address an IPv4 or IPv6 literal, never a DNS name (the translation resolves nothing)
 * @param port 1..65535
 */
public record Endpoint(String address, int port) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  public Endpoint {
    Objects.requireNonNull(address, "endpoint address must be set");
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      throw new IllegalArgumentException(
          "endpoint address = '" + address + "', must be an IPv4 or IPv6 address");
    }
    Checks.range("endpoint port", port, 1, 65535);
  }

  /** Parses {@code 10.0.0.7:8080} or {@code [fd00::7]:8080}. */
  public static Endpoint parse(String text) {
    Objects.requireNonNull(text, "endpoint must be set");
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("endpoint = '" + text + "', must be ADDRESS:PORT");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "endpoint = '" + text + "', the port must be a number from 1 to 65535", e);
    }
    return new Endpoint(host, port);
  }

  @Override
  public String toString() {
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }
}
