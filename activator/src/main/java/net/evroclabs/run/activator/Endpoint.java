package net.evroclabs.run.activator;

/** One ready pod of a revision: its IP address and container port. */
public record Endpoint(String host, int port) {

  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("endpoint host = '" + host + "', must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint port = " + port + ", must be 1..65535");
    }
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
