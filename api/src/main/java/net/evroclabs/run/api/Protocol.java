package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** The protocol a container speaks on its port. */
public enum Protocol {
  /** HTTP/1.1. */
  HTTP1("http1"),
  /** HTTP/2 without TLS (prior knowledge), as gRPC servers speak. */
  H2C("h2c");

  private final String wire;

  Protocol(String wire) {
    this.wire = wire;
  }

  /** The value as written in YAML. */
  @JsonValue
  public String wire() {
    return wire;
  }
}
