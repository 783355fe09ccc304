package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** An HTTP GET readiness check on the container port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpGetAction {

  @Pattern("^/[^\\s]*$")
  @Size(max = 1024)
  @JsonPropertyDescription("The path to GET, starting with '/'. Default '/'.")
  private String path;

  public HttpGetAction() {}

  public HttpGetAction(String path) {
    this.path = path;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpGetAction h && Objects.equals(path, h.path);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(path);
  }
}
