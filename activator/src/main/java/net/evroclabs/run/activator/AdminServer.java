package net.evroclabs.run.activator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** Admin port: {@code /healthz} (alive), {@code /readyz} (serving), {@code /metrics}. */
public final class AdminServer implements AutoCloseable {

  private final HttpServer server;

  public AdminServer(String host, int port, BooleanSupplier ready, ActivatorMetrics metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r, "activator-admin")));
    server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", bytes("ok\n")));
    server.createContext(
        "/readyz",
        ex -> {
          boolean ok = ready.getAsBoolean();
          respond(ex, ok ? 200 : 503, "text/plain", bytes(ok ? "ready\n" : "not ready\n"));
        });
    server.createContext(
        "/metrics", ex -> respond(ex, 200, ActivatorMetrics.contentType(), metrics.scrape()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
