package net.evroclabs.run.scaler.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import net.evroclabs.run.scaler.RevisionKey;

/**
 * The scaler's HTTP endpoints on one port: {@code POST /v1/poke}, {@code GET /metrics}, {@code GET
 * /healthz}.
 */
public final class ScalerHttpServer implements AutoCloseable {

  private static final int MAX_BODY = 16 * 1024;

  private final HttpServer server;

  /**
   * @param poke accepts a poke for a revision and returns at once; false when this instance is
   *     shutting down
   */
  public ScalerHttpServer(
      InetSocketAddress address, Predicate<RevisionKey> poke, PrometheusRegistry registry)
      throws IOException {
    server = HttpServer.create(address, 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/poke", exchange -> handlePoke(exchange, poke));
    server.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
          writer.write(out, registry.scrape());
          exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
          send(exchange, 200, out.toByteArray());
        });
    server.createContext(
        "/healthz", exchange -> send(exchange, 200, "ok\n".getBytes(StandardCharsets.UTF_8)));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handlePoke(HttpExchange exchange, Predicate<RevisionKey> poke)
      throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      text(exchange, 405, "use POST with {\"namespace\":..., \"revision\":...}");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      text(exchange, 413, "body is larger than " + MAX_BODY + " bytes");
      return;
    }
    RevisionKey key;
    try {
      key = PokeRequest.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      text(exchange, 400, e.getMessage());
      return;
    }
    if (!poke.test(key)) {
      text(exchange, 503, "shutting down; retry against the scaler service");
      return;
    }
    text(exchange, 202, "accepted " + key);
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof ExecutorService e) {
      e.shutdownNow();
    }
  }
}
