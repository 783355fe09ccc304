package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** What each Revision runs: the container and its request limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevisionTemplate {

  @Required
  @JsonPropertyDescription("The container to run.")
  private ContainerSpec container;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "The most requests one instance handles at once; 0 means unlimited. Default 0.")
  private Integer containerConcurrency;

  @Min(1)
  @Max(600)
  @JsonPropertyDescription(
      "How long a request may take, in seconds, before it is answered with 504. 1 to 600,"
          + " default 300.")
  private Integer timeoutSeconds;

  public ContainerSpec getContainer() {
    return container;
  }

  public void setContainer(ContainerSpec container) {
    this.container = container;
  }

  public Integer getContainerConcurrency() {
    return containerConcurrency;
  }

  public void setContainerConcurrency(Integer containerConcurrency) {
    this.containerConcurrency = containerConcurrency;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevisionTemplate t
        && Objects.equals(container, t.container)
        && Objects.equals(containerConcurrency, t.containerConcurrency)
        && Objects.equals(timeoutSeconds, t.timeoutSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(container, containerConcurrency, timeoutSeconds);
  }
}
