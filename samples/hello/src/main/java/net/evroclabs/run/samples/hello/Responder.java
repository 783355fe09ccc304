package net.evroclabs.run.samples.hello;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Turns a {@link Route} into the {@link Response} to send, doing the route's {@link Work}. */
public final class Responder {

  private final HelloConfig config;
  private final Work work;
  private final Supplier<InFlightRequests.Load> load;

  public Responder(HelloConfig config, Work work, Supplier<InFlightRequests.Load> load) {
    this.config = config;
    this.work = work;
    this.load = load;
  }

  public Response respond(Route route) {
    return switch (route) {
      case Route.Greet greet -> Response.ok(config.greeting().text() + "\n");
      case Route.Health health -> Response.ok("ok\n");
      case Route.Env env -> Response.ok(environment());
      case Route.Stats stats -> Response.ok(stats(load.get()));
      case Route.Sleep sleep -> sleep(sleep);
      case Route.BurnCpu burn -> burnCpu(burn);
      case Route.Rejected rejected -> rejection(rejected);
    };
  }

  private Response sleep(Route.Sleep sleep) {
    try {
      work.sleep(sleep.duration());
      return Response.ok("slept " + sleep.duration().toMillis() + " ms\n");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Response(503, Map.of(), "interrupted while sleeping; the server is stopping\n");
    }
  }

  private Response burnCpu(Route.BurnCpu burn) {
    try {
      work.burnCpu(burn.duration());
      return Response.ok("burned CPU for " + burn.duration().toMillis() + " ms\n");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Response(503, Map.of(), "interrupted while burning CPU; the server is stopping\n");
    }
  }

  private String environment() {
    return config.environment().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue() + "\n")
        .collect(Collectors.joining());
  }

  private static String stats(InFlightRequests.Load load) {
    return "in_flight " + load.inFlight() + "\nmax_in_flight " + load.maxInFlight() + "\n";
  }

  private static Response rejection(Route.Rejected rejected) {
    Map<String, String> headers =
        rejected.status() == 405 ? Map.of("Allow", "GET, HEAD") : Map.of();
    return new Response(rejected.status(), headers, rejected.reason() + "\n");
  }
}
