package net.evroclabs.run.samples.hello;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** The JDK HTTP server serving the sample's routes, one virtual thread per request. */
public final class HelloServer {

  private final HttpServer server;
  private final ExecutorService executor;
  private final InFlightRequests inFlight;
  private final AtomicBoolean stopping = new AtomicBoolean();

  private HelloServer(HttpServer server, ExecutorService executor, InFlightRequests inFlight) {
    this.server = server;
    this.executor = executor;
    this.inFlight = inFlight;
  }

  static final int BACKLOG = 1024;

  /** Binds {@code config.bindAddress():config.port()} and starts serving. */
  public static HelloServer start(HelloConfig config, Work work) throws IOException {
    InFlightRequests inFlight = new InFlightRequests();
    Responder responder = new Responder(config, work, inFlight::load);
    // A deep accept backlog: a proxy releasing held requests opens many connections at once, and
    // the system default (50) drops the ones beyond it.
    HttpServer server =
        HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
    HttpContext context = server.createContext("/", new ExchangeHandler(new Router(), responder));
    context.getFilters().add(inFlight);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.start();
    return new HelloServer(server, executor, inFlight);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public InFlightRequests.Load load() {
    return inFlight.load();
  }

  /**
   * Stops accepting connections at once, then waits up to {@code grace} for the requests in flight
   * to complete. Calling it again only waits again.
   *
   * @return true when every request completed within {@code grace}
   */
  public boolean drain(Duration grace) throws InterruptedException {
    // HttpServer.stop closes the listening socket first, then blocks until its exchanges end
    // (JDK 22+) or the delay passes (JDK 21); so it runs aside and the wait is our own.
    if (stopping.compareAndSet(false, true)) {
      int delaySeconds = (int) Math.max(1, (grace.toMillis() + 999) / 1000);
      Thread.ofPlatform().daemon().name("hello-stop").start(() -> server.stop(delaySeconds));
    }
    boolean idle = inFlight.awaitIdle(grace);
    executor.shutdown();
    return idle;
  }
}
