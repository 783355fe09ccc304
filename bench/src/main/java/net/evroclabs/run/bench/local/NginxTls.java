package net.evroclabs.run.bench.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.bench.NginxProcess;

/**
 * nginx as a non-daemon child on loopback terminating TLS (a self-signed certificate made with
 * openssl) and proxying to one instance over kept-alive HTTP/1.1: the peer the local ingress is
 * compared with. Its certificate and key live in {@code dir}, beside nginx's own files.
 */
final class NginxTls implements AutoCloseable {

  private final NginxProcess process;
  private final int port;

  private NginxTls(NginxProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static NginxTls start(Path dir, int upstreamPort) throws Exception {
    Files.createDirectories(dir);
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
    String servers =
        """
        upstream instance {
          server 127.0.0.1:%1$d;
          keepalive 64;
          keepalive_requests 1000000;
        }
        server {
          listen 127.0.0.1:%2$d ssl;
          ssl_certificate %3$s;
          ssl_certificate_key %4$s;
          ssl_protocols TLSv1.2 TLSv1.3;
          location / {
            proxy_pass http://instance;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
          }
        }
        """
            .formatted(upstreamPort, port, cert, key);
    return new NginxTls(NginxProcess.start(dir, 2, servers, port), port);
  }

  int port() {
    return port;
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
