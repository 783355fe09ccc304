package net.evroclabs.run.scaler.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import net.evroclabs.run.scaler.RevisionKey;

/** The body of {@code POST /v1/poke}: {@code {"namespace": "...", "revision": "..."}}. */
public final class PokeRequest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private PokeRequest() {}

  /**
   * Parses and checks a poke body.
   *
   * @throws IllegalArgumentException with a message that names the field and the value
   */
  public static RevisionKey parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "body is not JSON: "
              + e.getOriginalMessage()
              + "; send {\"namespace\":..., \"revision\":...}");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "body = " + body + ", must be a JSON object {\"namespace\":..., \"revision\":...}");
    }
    return new RevisionKey(field(root, "namespace"), field(root, "revision"));
  }

  private static String field(JsonNode root, String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    if (!v.isTextual() || !DNS_LABEL.matcher(v.asText()).matches()) {
      throw new IllegalArgumentException(
          name
              + " = "
              + v
              + ", must be a DNS label (lower-case letters, digits and '-', at most 63)");
    }
    return v.asText();
  }
}
