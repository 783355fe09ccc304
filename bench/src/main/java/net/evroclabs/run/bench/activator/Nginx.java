package net.evroclabs.run.bench.activator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a non-daemon child on loopback: one server block is the backend ({@code return 200}),
 * the other a keep-alive reverse proxy to it. Its config, pid and logs live in a temp directory.
 */
final class Nginx implements AutoCloseable {

  private final Process process;
  final int backendPort;
  final int proxyPort;

  private Nginx(Process process, int backendPort, int proxyPort) {
    this.process = process;
    this.backendPort = backendPort;
    this.proxyPort = proxyPort;
  }

  static Nginx start(Path dir, int backendPort, int proxyPort, int workers) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    String conf =
        """
        worker_processes %d;
        daemon off;
        pid %s/nginx.pid;
        error_log %s/logs/error.log warn;
        events { worker_connections 8192; }
        http {
          access_log off;
          client_body_temp_path %s/body;
          proxy_temp_path %s/proxy;
          fastcgi_temp_path %s/fastcgi;
          uwsgi_temp_path %s/uwsgi;
          scgi_temp_path %s/scgi;
          keepalive_requests 1000000;
          server {
            listen 127.0.0.1:%d;
            location / { return 200 "hello\\n"; }
          }
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
        }
        """
            .formatted(
                workers, dir, dir, dir, dir, dir, dir, dir, backendPort, backendPort, proxyPort);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process p =
        new ProcessBuilder(nginxBinary(), "-p", dir.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/stdout.log").toFile())
            .start();
    return new Nginx(p, backendPort, proxyPort);
  }

  private static String nginxBinary() {
    for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "nginx";
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
