package net.evroclabs.run.activator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A scaler on loopback that records pokes, answers 202 (or a set status) at once and can act on
 * each poke.
 */
final class ScalerStub implements AutoCloseable {

  private final List<String> pokes = new CopyOnWriteArrayList<>();
  private final int port;
  private volatile Consumer<String> onPoke = body -> {};
  private volatile int status = 202;
  private HttpServer server;

  /** Starts listening now. */
  static ScalerStub started() throws IOException {
    ScalerStub s = new ScalerStub(0);
    s.start();
    return s;
  }

  /** Reserves a port but does not listen yet: the scaler is down. */
  static ScalerStub down() throws IOException {
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new ScalerStub(probe.getLocalPort());
    }
  }

  private ScalerStub(int port) {
    this.port = port;
  }

  synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext(
        "/v1/poke",
        ex -> {
          try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            pokes.add(ex.getRequestMethod() + " " + body);
            ex.sendResponseHeaders(status, -1);
            onPoke.accept(body);
          }
        });
    server.start();
  }

  /** Answers later pokes with {@code status} instead of 202. */
  void answerWith(int status) {
    this.status = status;
  }

  void onPoke(Consumer<String> action) {
    this.onPoke = action;
  }

  URI url() {
    return URI.create(
        "http://127.0.0.1:" + (server == null ? port : server.getAddress().getPort()));
  }

  List<String> pokes() {
    return pokes;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
