package net.evroclabs.run.samples.hello;

import java.util.Map;
import java.util.Objects;

/**
 * A complete plain-text response.
 *
 * @param status the HTTP status code
 * @param headers extra response headers besides {@code Content-Type}
 * @param body the UTF-8 body
 */
public record Response(int status, Map<String, String> headers, String body) {

  public Response {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status = " + status + ", must be between 100 and 599");
    }
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  static Response ok(String body) {
    return new Response(200, Map.of(), body);
  }
}
