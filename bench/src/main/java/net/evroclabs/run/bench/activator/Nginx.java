package net.evroclabs.run.bench.activator;

import java.nio.file.Path;
import net.evroclabs.run.bench.NginxProcess;

/**
 * nginx on loopback as the activator's peer: one server block is the backend ({@code return 200}),
 * the other a keep-alive reverse proxy to it.
 */
final class Nginx implements AutoCloseable {

  private final NginxProcess process;
  final int backendPort;
  final int proxyPort;

  private Nginx(NginxProcess process, int backendPort, int proxyPort) {
    this.process = process;
    this.backendPort = backendPort;
    this.proxyPort = proxyPort;
  }

  static Nginx start(Path dir, int backendPort, int proxyPort, int workers) throws Exception {
    String servers =
        """
        server {
          listen 127.0.0.1:%1$d;
          location / { return 200 "hello\\n"; }
        }
        upstream pod {
          server 127.0.0.1:%1$d;
          keepalive 128;
          keepalive_requests 1000000;
        }
        server {
          listen 127.0.0.1:%2$d;
          location / {
            proxy_pass http://pod;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
          }
        }
        """
            .formatted(backendPort, proxyPort);
    return new Nginx(NginxProcess.start(dir, workers, servers, proxyPort), backendPort, proxyPort);
  }

  boolean alive() {
    return process.alive();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
