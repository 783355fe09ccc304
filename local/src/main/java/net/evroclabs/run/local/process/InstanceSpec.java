package net.evroclabs.run.local.process;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run one revision's instances on this machine.
 *
 * @param namespace the Service's namespace
 * @param service the Service's name
 * @param revision the Revision's name
 * @param command the program and its arguments (the container's command followed by its args)
 * @param env the user's environment; the platform adds PORT, K_SERVICE, K_REVISION and
 *     K_CONFIGURATION
 * @param readiness how to tell an instance is ready
 */
public record InstanceSpec(
    String namespace,
    String service,
    String revision,
    List<String> command,
    Map<String, String> env,
    Readiness readiness) {

  public InstanceSpec {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(revision, "revision");
    command = List.copyOf(command);
    env = Map.copyOf(env);
    Objects.requireNonNull(readiness, "readiness");
    if (command.isEmpty()) {
      throw new IllegalArgumentException(
          "revision " + namespace + "/" + revision + " has no command: local mode runs commands");
    }
  }

  /** {@code namespace/revision}, as the Envoy cluster is named. */
  public String key() {
    return namespace + "/" + revision;
  }

  /** How readiness is checked: a TCP connection, or an HTTP GET answered 2xx/3xx. */
  public sealed interface Readiness {

    /** A TCP connection to the port succeeds. */
    record Tcp() implements Readiness {}

    /** An HTTP GET of {@code path} on the port answers 2xx or 3xx. */
    record HttpGet(String path) implements Readiness {}
  }
}
