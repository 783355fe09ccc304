package net.evroclabs.run.samples.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Glue between the JDK HTTP server and the pure {@link Router} and {@link Responder}. */
final class ExchangeHandler implements HttpHandler {

  private final Router router;
  private final Responder responder;

  ExchangeHandler(Router router, Responder responder) {
    this.router = router;
    this.responder = responder;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Response response = responder.respond(router.route(method, exchange.getRequestURI()));
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      response.headers().forEach(exchange.getResponseHeaders()::set);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(response.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
