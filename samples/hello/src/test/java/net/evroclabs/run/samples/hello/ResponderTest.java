package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponderTest {

  /** Records what it was asked to do instead of doing it. */
  private static final class RecordingWork implements Work {
    final List<String> done = new ArrayList<>();
    boolean interrupt;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      done.add("sleep " + duration.toMillis());
      if (interrupt) {
        throw new InterruptedException("stopping");
      }
    }

    @Override
    public void burnCpu(Duration duration) throws InterruptedException {
      done.add("cpu " + duration.toMillis());
      if (interrupt) {
        throw new InterruptedException("stopping");
      }
    }
  }

  private final RecordingWork work = new RecordingWork();
  private final HelloConfig config =
      HelloConfig.fromEnvironment(
          Map.of("PORT", "8080", "HELLO", "world", "K_SERVICE", "svc", "K_REVISION", "svc-00003"));
  private final Responder responder =
      new Responder(config, work, () -> new InFlightRequests.Load(2, 5));

  @Test
  void greetsWithTheConfiguredGreeting() {
    assertThat(responder.respond(new Route.Greet()))
        .isEqualTo(new Response(200, Map.of(), "Hello world from svc/svc-00003\n"));
  }

  @Test
  void healthIsOk() {
    assertThat(responder.respond(new Route.Health()))
        .isEqualTo(new Response(200, Map.of(), "ok\n"));
  }

  @Test
  void sleepWaitsTheRequestedTimeThenSaysSo() {
    Response response = responder.respond(new Route.Sleep(Duration.ofMillis(1500)));

    assertThat(work.done).containsExactly("sleep 1500");
    assertThat(response).isEqualTo(new Response(200, Map.of(), "slept 1500 ms\n"));
  }

  @Test
  void interruptedSleepIsServiceUnavailableAndKeepsTheInterruptFlag() {
    work.interrupt = true;

    Response response = responder.respond(new Route.Sleep(Duration.ofMillis(10)));

    assertThat(response.status()).isEqualTo(503);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void interruptedCpuBurnIsServiceUnavailableAndKeepsTheInterruptFlag() {
    work.interrupt = true;

    Response response = responder.respond(new Route.BurnCpu(Duration.ofMillis(10)));

    assertThat(response.status()).isEqualTo(503);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void cpuBurnsTheRequestedTimeThenSaysSo() {
    Response response = responder.respond(new Route.BurnCpu(Duration.ofMillis(40)));

    assertThat(work.done).containsExactly("cpu 40");
    assertThat(response).isEqualTo(new Response(200, Map.of(), "burned CPU for 40 ms\n"));
  }

  @Test
  void envListsEveryVariableSortedOnePerLine() {
    assertThat(responder.respond(new Route.Env()).body())
        .isEqualTo("HELLO=world\nK_REVISION=svc-00003\nK_SERVICE=svc\nPORT=8080\n");
  }

  @Test
  void statsReportsTheCurrentLoad() {
    assertThat(responder.respond(new Route.Stats()).body())
        .isEqualTo("in_flight 2\nmax_in_flight 5\n");
  }

  @Test
  void rejectionCarriesItsStatusAndReason() {
    assertThat(responder.respond(new Route.Rejected(400, "query parameter ms is missing")))
        .isEqualTo(new Response(400, Map.of(), "query parameter ms is missing\n"));
  }

  @Test
  void methodNotAllowedSaysWhichMethodsAre() {
    assertThat(responder.respond(new Route.Rejected(405, "method PUT is not allowed")).headers())
        .containsEntry("Allow", "GET, HEAD");
  }

  @Test
  void noWorkIsDoneForCheapRoutes() {
    responder.respond(new Route.Greet());
    responder.respond(new Route.Env());

    assertThat(work.done).isEmpty();
  }
}
