package net.evroclabs.run.envoy.model;

import java.util.Objects;

/**
 * An address range such as {@code 10.244.0.0/16}.
 *
 * @param address the network address (IPv4 or IPv6 literal)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(String address, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(address, "cidr address must be set");
    new Endpoint(address, 1);
    Checks.range("prefix length of " + address, prefixLength, 0, address.contains(":") ? 128 : 32);
  }

  /** Parses {@code 10.244.0.0/16}; the error names the value. */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "cidr must be set");
    int slash = text.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("cidr = '" + text + "', must be ADDRESS/PREFIX-LENGTH");
    }
    try {
      return new Cidr(text.substring(0, slash), Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "cidr = '" + text + "', the prefix length must be a number", e);
    }
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
