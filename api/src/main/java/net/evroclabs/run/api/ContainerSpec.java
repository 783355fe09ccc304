package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** The user's container: an OCI image for x86-64 that runs as a non-root user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerSpec {

  @Required
  @Size(min = 1, max = 512)
  @JsonPropertyDescription(
      "The OCI image reference, for example registry.example/hello:1.0 or"
          + " registry.example/hello@sha256:<digest>. The image must be built for x86-64 and"
          + " run as a non-root user.")
  private String image;

  @Size(max = 64)
  @JsonPropertyDescription("Overrides the image's entrypoint.")
  private List<String> command;

  @Size(max = 256)
  @JsonPropertyDescription("Arguments to the entrypoint.")
  private List<String> args;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Environment variables, inline values only. PORT, K_SERVICE, K_REVISION and"
          + " K_CONFIGURATION are set by the platform and may not be set here.")
  private List<EnvVar> env;

  @Min(1024)
  @Max(65535)
  @JsonPropertyDescription(
      "The port the container listens on; it receives it in the PORT variable. 1024 to 65535,"
          + " not one of the platform's reserved ports. Default 8080.")
  private Integer port;

  @JsonPropertyDescription("The protocol the container speaks: http1 or h2c (gRPC). Default http1.")
  private Protocol protocol;

  @JsonPropertyDescription(
      "How the platform tells the container is ready. Default: a TCP connection to the port.")
  private Probe readinessProbe;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }

  public Probe getReadinessProbe() {
    return readinessProbe;
  }

  public void setReadinessProbe(Probe readinessProbe) {
    this.readinessProbe = readinessProbe;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContainerSpec c
        && Objects.equals(image, c.image)
        && Objects.equals(command, c.command)
        && Objects.equals(args, c.args)
        && Objects.equals(env, c.env)
        && Objects.equals(port, c.port)
        && protocol == c.protocol
        && Objects.equals(readinessProbe, c.readinessProbe);
  }

  @Override
  public int hashCode() {
    return Objects.hash(image, command, args, env, port, protocol, readinessProbe);
  }
}
