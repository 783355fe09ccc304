package net.evroclabs.run.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

  private final InFlightRequests requests = new InFlightRequests();

  @Test
  void countsRequestsInFlightAndTheMostAtOnce() {
    requests.enter();
    requests.enter();
    requests.exit();
    requests.enter();

    assertThat(requests.load()).isEqualTo(new InFlightRequests.Load(2, 2));

    requests.exit();
    requests.exit();

    assertThat(requests.load()).isEqualTo(new InFlightRequests.Load(0, 2));
  }

  @Test
  void idleServerIsDrainedAtOnce() throws InterruptedException {
    assertThat(requests.awaitIdle(Duration.ZERO)).isTrue();
  }

  @Test
  void busyServerIsNotDrainedWhenTheGracePeriodEnds() throws InterruptedException {
    requests.enter();

    assertThat(requests.awaitIdle(Duration.ofMillis(1))).isFalse();
  }

  @Test
  void waitingForIdleEndsWhenTheLastRequestCompletes() throws Exception {
    requests.enter();
    CompletableFuture<Boolean> drained = new CompletableFuture<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    drained.complete(requests.awaitIdle(Duration.ofMinutes(1)));
                  } catch (InterruptedException e) {
                    drained.completeExceptionally(e);
                  }
                });

    requests.exit();

    assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
    waiter.join();
  }

  @Test
  void exitWithoutEnterIsABug() {
    assertThatThrownBy(requests::exit)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("exit() without a matching enter()");
  }
}
