package net.evroclabs.run.bench.activator;

import java.nio.file.Path;
import net.evroclabs.run.bench.NginxProcess;

/**
 * nginx on loopback, as two processes: the backend ({@code return 200}) and, as the activator's
 * peer, a keep-alive reverse proxy to it. Apart, so that the proxy has worker processes of its own
 * as the activator has its own JVM: in one process a worker would often answer as backend the
 * request it just forwarded as proxy, with no other process to wake in between.
 */
final class Nginx implements AutoCloseable {

  private final NginxProcess backend;
  private final NginxProcess proxy;
  final int backendPort;
  final int proxyPort;

  private Nginx(NginxProcess backend, NginxProcess proxy, int backendPort, int proxyPort) {
    this.backend = backend;
    this.proxy = proxy;
    this.backendPort = backendPort;
    this.proxyPort = proxyPort;
  }

  static Nginx start(Path dir, int backendPort, int proxyPort, int workers) throws Exception {
    String backendServer =
        """
        server {
          listen 127.0.0.1:%d;
          location / { return 200 "hello\\n"; }
        }
        """
            .formatted(backendPort);
    String proxyServer =
        """
        upstream pod {
          server 127.0.0.1:%d;
          keepalive 128;
          keepalive_requests 1000000;
        }
        server {
          listen 127.0.0.1:%d;
          location / {
            proxy_pass http://pod;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
          }
        }
        """
            .formatted(backendPort, proxyPort);
    NginxProcess backend =
        NginxProcess.start(dir.resolve("backend"), workers, backendServer, backendPort);
    try {
      NginxProcess proxy =
          NginxProcess.start(dir.resolve("proxy"), workers, proxyServer, proxyPort);
      return new Nginx(backend, proxy, backendPort, proxyPort);
    } catch (Exception e) {
      backend.close();
      throw e;
    }
  }

  boolean alive() {
    return backend.alive() && proxy.alive();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      proxy.close();
    } finally {
      backend.close();
    }
  }
}
