package net.evroclabs.run.networkpolicy;

/**
 * A transport port a peer is reached on.
 *
 * @param protocol TCP or UDP
 * @param number 1..65535
 */
public record Port(Protocol protocol, int number) {

  /** The transport protocols the platform's policies use. */
  public enum Protocol {
    TCP,
    UDP
  }

  public Port {
    Checks.present("port protocol", protocol);
    Checks.port("port", number);
  }

  public static Port tcp(int number) {
    return new Port(Protocol.TCP, number);
  }

  public static Port udp(int number) {
    return new Port(Protocol.UDP, number);
  }
}
