package net.evroclabs.run.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a non-daemon child of the bench, the peer several groups compare with: its config, pid,
 * temp files and logs live in one directory. Callers give the server and upstream blocks; the rest
 * of the configuration (workers, no access log, unlimited keep-alive requests) is the same for all.
 */
public final class NginxProcess implements AutoCloseable {

  private final Process process;

  private NginxProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts nginx with {@code workers} worker processes and {@code httpBlocks} inside its {@code
   * http} block; returns once it accepts connections on {@code awaitPort}.
   */
  public static NginxProcess start(Path dir, int workers, String httpBlocks, int awaitPort)
      throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    String conf =
        """
        worker_processes %1$d;
        daemon off;
        pid %2$s/nginx.pid;
        error_log %2$s/logs/error.log warn;
        events { worker_connections 8192; }
        http {
          access_log off;
          client_body_temp_path %2$s/body;
          proxy_temp_path %2$s/proxy;
          fastcgi_temp_path %2$s/fastcgi;
          uwsgi_temp_path %2$s/uwsgi;
          scgi_temp_path %2$s/scgi;
          keepalive_requests 1000000;
        %3$s
        }
        """
            .formatted(workers, dir, httpBlocks.indent(2));
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process p =
        new ProcessBuilder(binary(), "-p", dir.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/stdout.log").toFile())
            .start();
    NginxProcess nginx = new NginxProcess(p);
    try {
      nginx.awaitListening(dir, awaitPort);
    } catch (Exception e) {
      nginx.close();
      throw e;
    }
    return nginx;
  }

  public boolean alive() {
    return process.isAlive();
  }

  private void awaitListening(Path dir, int port) throws Exception {
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

  private static String binary() {
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
