package net.evroclabs.run.scaler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Runs instant queries against Prometheus' HTTP API ({@code /api/v1/query}). */
public final class PrometheusClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public PrometheusClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Runs one instant query and returns the value of each series by the given label. Series without
   * the label or with a non-finite value are skipped.
   *
   * @throws IOException when Prometheus is unreachable, answers with an error or with a result that
   *     is not a vector
   */
  public Map<String, Double> vectorBy(String label, String promql, Instant at) throws IOException {
    String query =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + at.getEpochSecond()
            + "."
            + String.format("%03d", at.getNano() / 1_000_000);
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/query?" + query))
            .timeout(timeout)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while querying Prometheus", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "Prometheus answered "
              + response.statusCode()
              + " to "
              + promql
              + ": "
              + response.body());
    }
    JsonNode root = JSON.readTree(response.body());
    if (!"success".equals(root.path("status").asText())) {
      throw new IOException(
          "Prometheus query failed: " + promql + ": " + root.path("error").asText());
    }
    JsonNode data = root.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new IOException(
          "Prometheus returned " + data.path("resultType").asText() + ", not a vector");
    }
    Map<String, Double> out = new HashMap<>();
    for (JsonNode series : data.path("result")) {
      JsonNode key = series.path("metric").path(label);
      JsonNode value = series.path("value");
      if (key.isMissingNode() || value.size() != 2) {
        continue;
      }
      double v;
      try {
        v = Double.parseDouble(value.get(1).asText());
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!Double.isNaN(v) && !Double.isInfinite(v)) {
        out.put(key.asText(), v);
      }
    }
    return out;
  }
}
