package net.evroclabs.run.xds.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The admin port: {@code /healthz} (the process runs), {@code /readyz} (informers synced and the
 * first configuration served), {@code /metrics} (Prometheus text) and {@code /debug/xds} (JSON).
 */
public final class AdminServer implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static AdminServer start(
      InetSocketAddress address,
      XdsMetrics metrics,
      BooleanSupplier ready,
      Supplier<DebugView.Document> debug) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for admin on " + address, e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "xds-admin");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", ex -> text(ex, 200, "ok\n"));
    server.createContext(
        "/readyz",
        ex -> {
          if (ready.getAsBoolean()) {
            text(ex, 200, "ready\n");
          } else {
            text(ex, 503, "not ready: informers not synced or no configuration served yet\n");
          }
        });
    server.createContext(
        "/metrics",
        ex -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
          writer.write(out, metrics.registry().scrape());
          ex.getResponseHeaders().set("Content-Type", writer.getContentType());
          send(ex, 200, out.toByteArray());
        });
    server.createContext(
        "/debug/xds",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          send(ex, 200, JSON.writeValueAsBytes(debug.get()));
        });
    server.start();
    return new AdminServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
