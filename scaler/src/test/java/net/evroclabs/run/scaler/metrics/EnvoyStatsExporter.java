package net.evroclabs.run.scaler.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A loopback exporter that serves Envoy-named cluster stats: one busy revision at a fixed request
 * rate (90 % within 100 ms, the rest within 250 ms) with a fixed number in flight and requests
 * held, and one idle revision.
 */
final class EnvoyStatsExporter implements AutoCloseable {

  static final String BUSY = "team-a/hello-00001";
  static final String IDLE = "team-a/hello-00002";

  private final HttpServer server;
  private final long startNanos = System.nanoTime();
  private final double rps;
  private final double active;
  private final double held;

  EnvoyStatsExporter(double rps, double active, double held) throws IOException {
    this.rps = rps;
    this.active = active;
    this.held = held;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = render().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private String render() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double total = 1000 + rps * seconds;
    StringBuilder b = new StringBuilder();
    b.append("# TYPE envoy_cluster_upstream_rq_total counter\n");
    line(b, "envoy_cluster_upstream_rq_total", BUSY, "", total);
    line(b, "envoy_cluster_upstream_rq_total", IDLE, "", 10);
    b.append("# TYPE envoy_cluster_upstream_rq_active gauge\n");
    line(b, "envoy_cluster_upstream_rq_active", BUSY, "", active);
    line(b, "envoy_cluster_upstream_rq_active", IDLE, "", 0);
    b.append("# TYPE envoy_cluster_upstream_rq_time histogram\n");
    histogram(b, BUSY, total);
    histogram(b, IDLE, 10);
    b.append("# TYPE run_activator_requests_held gauge\n");
    b.append("run_activator_requests_held{revision=\"").append(BUSY).append("\"} ");
    b.append(num(held)).append('\n');
    return b.toString();
  }

  private static void histogram(StringBuilder b, String cluster, double total) {
    String name = "envoy_cluster_upstream_rq_time";
    line(b, name + "_bucket", cluster, ",le=\"100\"", total * 0.9);
    line(b, name + "_bucket", cluster, ",le=\"250\"", total);
    line(b, name + "_bucket", cluster, ",le=\"+Inf\"", total);
    line(b, name + "_sum", cluster, "", total * 80);
    line(b, name + "_count", cluster, "", total);
  }

  private static void line(StringBuilder b, String name, String cluster, String extra, double v) {
    b.append(name)
        .append("{envoy_cluster_name=\"")
        .append(cluster)
        .append('"')
        .append(extra)
        .append("} ")
        .append(num(v))
        .append('\n');
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
