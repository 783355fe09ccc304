package net.evroclabs.run.bench.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a non-daemon child on loopback terminating TLS (a self-signed certificate made with
 * openssl) and proxying to one instance over kept-alive HTTP/1.1: the peer the local ingress is
 * compared with. Config, certificate, pid and logs live in {@code dir}.
 */
final class NginxTls implements AutoCloseable {

  private final Process process;
  private final int port;

  private NginxTls(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static NginxTls start(Path dir, int upstreamPort) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Path key = dir.resolve("tls.key");
    Path cert = dir.resolve("tls.crt");
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=*.run.localhost",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String conf =
        """
        worker_processes 2;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log warn;
        events { worker_connections 8192; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          keepalive_requests 1000000;
          upstream instance {
            server 127.0.0.1:%2$d;
            keepalive 64;
            keepalive_requests 1000000;
          }
          server {
            listen 127.0.0.1:%3$d ssl;
            ssl_certificate %4$s;
            ssl_certificate_key %5$s;
            ssl_protocols TLSv1.2 TLSv1.3;
            location / {
              proxy_pass http://instance;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
        }
        """
            .formatted(dir, upstreamPort, port, cert, key);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process p =
        new ProcessBuilder(nginxBinary(), "-p", dir.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/stdout.log").toFile())
            .start();
    NginxTls nginx = new NginxTls(p, port);
    nginx.awaitListening(dir);
    return nginx;
  }

  int port() {
    return port;
  }

  private void awaitListening(Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "nginx exited: " + Files.readString(dir.resolve("logs/stdout.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static String nginxBinary() {
    for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "nginx";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
