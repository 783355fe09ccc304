package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A readiness probe. Without {@code httpGet}, readiness is a TCP connection to the port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Probe {

  @JsonPropertyDescription("Probe with an HTTP GET on the container port; 2xx and 3xx mean ready.")
  private HttpGetAction httpGet;

  public Probe() {}

  public Probe(HttpGetAction httpGet) {
    this.httpGet = httpGet;
  }

  public HttpGetAction getHttpGet() {
    return httpGet;
  }

  public void setHttpGet(HttpGetAction httpGet) {
    this.httpGet = httpGet;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Probe p && Objects.equals(httpGet, p.httpGet);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(httpGet);
  }
}
