package net.evroclabs.run.networkpolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation, with no host bits set: {@code 10.244.0.0/16}.
 *
 * @param address the network address, an IP literal
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(String address, int prefixLength) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

  public Cidr {
    Checks.present("cidr address", address);
    byte[] bytes = bytes(address);
    int max = bytes.length * 8;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException(
          "cidr = \"" + address + "/" + prefixLength + "\", the prefix length must be 0.." + max);
    }
    for (int bit = prefixLength; bit < max; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException(
            "cidr = \""
                + address
                + "/"
                + prefixLength
                + "\" has host bits set; give the network address of the range");
      }
    }
  }

  /** Parses {@code ADDRESS/PREFIX}; the error names the text. */
  public static Cidr parse(String text) {
    Checks.present("cidr", text);
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.length() - slash > 4) {
      throw new IllegalArgumentException(
          "cidr = \"" + text + "\", must be ADDRESS/PREFIX-LENGTH such as 10.244.0.0/16");
    }
    String prefix = text.substring(slash + 1);
    if (!prefix.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "cidr = \"" + text + "\", the prefix length \"" + prefix + "\" must be a number");
    }
    return new Cidr(text.substring(0, slash), Integer.parseInt(prefix));
  }

  public boolean isIpv6() {
    return address.contains(":");
  }

  /** The address as 4 or 16 bytes; literals only, so no name is ever looked up. */
  static byte[] bytes(String address) {
    if (IPV4.matcher(address).matches()) {
      String[] parts = address.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        bytes[i] = (byte) Integer.parseInt(parts[i]);
      }
      return bytes;
    }
    if (IPV6.matcher(address).matches()) {
      try {
        byte[] bytes = InetAddress.getByName(address).getAddress();
        if (bytes.length == 16) {
          return bytes;
        }
      } catch (UnknownHostException notALiteral) {
        throw new IllegalArgumentException(
            "cidr address = \"" + address + "\", must be an IPv4 or IPv6 address", notALiteral);
      }
    }
    throw new IllegalArgumentException(
        "cidr address = \"" + address + "\", must be an IPv4 or IPv6 address");
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
