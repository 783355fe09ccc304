package net.evroclabs.run.envoy.bootstrap;

import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway's bootstrap needs to know.
 *
 * @param nodeId default node id (the manifests pass {@code --service-node $(POD_NAME)})
 * @param xdsHost DNS name of xds-server
 * @param xdsPort xds-server's gRPC port (18000)
 * @param xdsTls mutual TLS to xds-server, or plain HTTP/2 inside the cluster network
 * @param deltaXds whether to use incremental xDS (only changed resources are sent)
 * @param adminPort Envoy admin port, bound to 127.0.0.1 only
 * @param statsPort port of the listener that serves {@code /stats/prometheus} and {@code /ready}
 * @param maxHeapBytes heap size from which the overload manager sheds load
 * @param maxDownstreamConnections connections accepted in total
 */
public record BootstrapSettings(
    String nodeId,
    String xdsHost,
    int xdsPort,
    Optional<XdsTls> xdsTls,
    boolean deltaXds,
    int adminPort,
    int statsPort,
    long maxHeapBytes,
    long maxDownstreamConnections) {

  public BootstrapSettings {
    Objects.requireNonNull(nodeId, "nodeId must be set");
    Objects.requireNonNull(xdsHost, "xdsHost must be set");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("nodeId = '', must not be blank");
    }
    if (xdsHost.isBlank()) {
      throw new IllegalArgumentException("xdsHost = '', must name xds-server");
    }
    port("xdsPort", xdsPort);
    port("adminPort", adminPort);
    port("statsPort", statsPort);
    if (adminPort == statsPort) {
      throw new IllegalArgumentException(
          "statsPort = " + statsPort + ", must differ from adminPort = " + adminPort);
    }
    Objects.requireNonNull(xdsTls, "xdsTls must be set (Optional.empty() for none)");
    if (maxHeapBytes < 64L * 1024 * 1024) {
      throw new IllegalArgumentException("maxHeapBytes = " + maxHeapBytes + ", must be >= 64 MiB");
    }
    if (maxDownstreamConnections < 1) {
      throw new IllegalArgumentException(
          "maxDownstreamConnections = " + maxDownstreamConnections + ", must be >= 1");
    }
  }

  /** The shipped defaults: delta xDS without TLS to xds-server in namespace run-system. */
  public static BootstrapSettings defaults() {
    return new BootstrapSettings(
        "gateway",
        "xds-server.run-system.svc.cluster.local",
        18000,
        Optional.empty(),
        true,
        9901,
        9000,
        1L << 30,
        50_000);
  }

  public BootstrapSettings withXdsTls(XdsTls tls) {
    return new BootstrapSettings(
        nodeId,
        xdsHost,
        xdsPort,
        Optional.of(tls),
        deltaXds,
        adminPort,
        statsPort,
        maxHeapBytes,
        maxDownstreamConnections);
  }

  private static void port(String field, int value) {
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(field + " = " + value + ", must be between 1 and 65535");
    }
  }
}
