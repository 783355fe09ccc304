package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RevisionDispatcherTest {

  private static final RevisionKey KEY = new RevisionKey("team-a", "hello-00001");
  private static final Endpoint POD_A = new Endpoint("10.0.0.1", 8080);
  private static final Endpoint POD_B = new Endpoint("10.0.0.2", 8080);

  private final List<String> log = new ArrayList<>();
  private final List<RevisionKey> pokes = new ArrayList<>();

  private RevisionDispatcher dispatcher(int containerConcurrency, int limit) {
    return new RevisionDispatcher(
        KEY,
        new RevisionSettings(30, containerConcurrency, RevisionSettings.Protocol.HTTP1),
        limit,
        new ReleasePolicy(new SplittableRandom(1)),
        pokes::add);
  }

  private final class Request implements RevisionDispatcher.PendingRequest {
    final String name;

    Request(String name) {
      this.name = name;
    }

    @Override
    public void dispatch(Endpoint endpoint, boolean held) {
      log.add(name + "->" + endpoint.host() + (held ? " held" : ""));
    }

    @Override
    public void revisionRemoved() {
      log.add(name + " removed");
    }
  }

  @Test
  void requestForAColdRevisionIsHeldAndAsksForAPoke() {
    RevisionDispatcher d = dispatcher(0, 10);
    assertThat(d.admit(new Request("r1"))).isEqualTo(new RevisionDispatcher.Held(true));
    assertThat(d.heldCount()).isEqualTo(1);
    assertThat(log).isEmpty();
  }

  @Test
  void requestsQueuedBehindBusyPodsAskForAPokeWhenThePodsGoAway() {
    RevisionDispatcher d = dispatcher(1, 10);
    d.updateEndpoints(List.of(POD_A));
    assertThat(d.admit(new Request("r1"))).isEqualTo(new RevisionDispatcher.Dispatch(POD_A));
    assertThat(d.admit(new Request("r2"))).isEqualTo(new RevisionDispatcher.Held(false));
    assertThat(pokes).isEmpty();

    d.updateEndpoints(List.of());

    assertThat(pokes).containsExactly(KEY);
    assertThat(d.heldCount()).isEqualTo(1);
  }

  @Test
  void podsGoingAwayWithNothingWaitingAskForNoPoke() {
    RevisionDispatcher d = dispatcher(0, 10);
    d.updateEndpoints(List.of(POD_A));
    d.admit(new Request("r1"));

    d.updateEndpoints(List.of());

    assertThat(pokes).isEmpty();
  }

  @Test
  void requestRefusedByAPodThatThenLeftAsksForAPokeWhenPutBack() {
    RevisionDispatcher d = dispatcher(0, 10);
    d.updateEndpoints(List.of(POD_A));
    Request r1 = new Request("r1");
    assertThat(d.admit(r1)).isEqualTo(new RevisionDispatcher.Dispatch(POD_A));
    d.updateEndpoints(List.of());
    assertThat(pokes).isEmpty();

    d.retry(r1, POD_A);

    assertThat(pokes).containsExactly(KEY);
    assertThat(d.heldCount()).isEqualTo(1);
    d.updateEndpoints(List.of(POD_B));
    assertThat(log).containsExactly("r1->10.0.0.2 held");
  }

  @Test
  void refusedRequestWithAnotherPodReadyGoesThereWithoutAPoke() {
    RevisionDispatcher d = dispatcher(0, 10);
    d.updateEndpoints(List.of(POD_A));
    Request r1 = new Request("r1");
    d.admit(r1);
    d.updateEndpoints(List.of(POD_B));

    d.retry(r1, POD_A);

    assertThat(pokes).isEmpty();
    assertThat(log).containsExactly("r1->10.0.0.2 held");
  }

  @Test
  void heldRequestsAreReleasedInArrivalOrderWhenAPodBecomesReady() {
    RevisionDispatcher d = dispatcher(0, 10);
    for (int i = 1; i <= 5; i++) {
      d.admit(new Request("r" + i));
    }
    d.updateEndpoints(List.of(POD_A));
    assertThat(log)
        .containsExactly(
            "r1->10.0.0.1 held",
            "r2->10.0.0.1 held",
            "r3->10.0.0.1 held",
            "r4->10.0.0.1 held",
            "r5->10.0.0.1 held");
    assertThat(d.heldCount()).isZero();
  }

  @Test
  void warmRevisionSendsRequestsStraightToAPod() {
    RevisionDispatcher d = dispatcher(0, 10);
    d.updateEndpoints(List.of(POD_A));
    assertThat(d.admit(new Request("r1"))).isEqualTo(new RevisionDispatcher.Dispatch(POD_A));
  }

  @Test
  void containerConcurrencyOfOneReleasesTheNextRequestOnlyWhenOneFinishes() {
    RevisionDispatcher d = dispatcher(1, 10);
    d.admit(new Request("r1"));
    d.admit(new Request("r2"));
    d.admit(new Request("r3"));
    d.updateEndpoints(List.of(POD_A));
    assertThat(log).containsExactly("r1->10.0.0.1 held");
    d.complete(POD_A);
    assertThat(log).containsExactly("r1->10.0.0.1 held", "r2->10.0.0.1 held");
    assertThat(d.outstanding()).containsEntry(POD_A, 1);
    assertThat(d.admit(new Request("r4"))).isEqualTo(new RevisionDispatcher.Held(false));
  }

  @Test
  void requestsSpreadOverPodsWithinTheirConcurrency() {
    RevisionDispatcher d = dispatcher(1, 10);
    d.admit(new Request("r1"));
    d.admit(new Request("r2"));
    d.admit(new Request("r3"));
    d.updateEndpoints(List.of(POD_A, POD_B));
    assertThat(log).hasSize(2);
    assertThat(d.outstanding()).containsEntry(POD_A, 1).containsEntry(POD_B, 1);
    assertThat(d.heldCount()).isEqualTo(1);
  }

  @Test
  void fullQueueOverflows() {
    RevisionDispatcher d = dispatcher(0, 2);
    d.admit(new Request("r1"));
    d.admit(new Request("r2"));
    assertThat(d.admit(new Request("r3"))).isEqualTo(new RevisionDispatcher.Overflow(2));
  }

  @Test
  void cancelledRequestIsNeverReleased() {
    RevisionDispatcher d = dispatcher(0, 10);
    Request r1 = new Request("r1");
    d.admit(r1);
    d.admit(new Request("r2"));
    assertThat(d.cancel(r1)).isTrue();
    d.updateEndpoints(List.of(POD_A));
    assertThat(log).containsExactly("r2->10.0.0.1 held");
  }

  @Test
  void refusedRequestGoesOutAgainBeforeLaterOnes() {
    RevisionDispatcher d = dispatcher(1, 10);
    d.updateEndpoints(List.of(POD_A));
    Request r1 = new Request("r1");
    assertThat(d.admit(r1)).isEqualTo(new RevisionDispatcher.Dispatch(POD_A));
    d.admit(new Request("r2"));
    d.retry(r1, POD_A);
    assertThat(log).containsExactly("r1->10.0.0.1 held");
    d.complete(POD_A);
    assertThat(log).containsExactly("r1->10.0.0.1 held", "r2->10.0.0.1 held");
  }

  @Test
  void podThatLeavesAndComesBackKeepsNoStaleCount() {
    RevisionDispatcher d = dispatcher(1, 10);
    d.updateEndpoints(List.of(POD_A));
    d.admit(new Request("r1"));
    d.updateEndpoints(List.of());
    d.complete(POD_A);
    d.updateEndpoints(List.of(POD_A));
    assertThat(d.outstanding()).containsEntry(POD_A, 0);
  }

  @Test
  void deletedRevisionTellsEveryHeldRequest() {
    RevisionDispatcher d = dispatcher(0, 10);
    d.admit(new Request("r1"));
    d.admit(new Request("r2"));
    d.remove();
    assertThat(log).containsExactly("r1 removed", "r2 removed");
    assertThat(d.heldCount()).isZero();
  }
}
