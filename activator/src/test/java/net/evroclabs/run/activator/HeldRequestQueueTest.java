package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeldRequestQueueTest {

  @Test
  void releasesRequestsInArrivalOrder() {
    HeldRequestQueue<String> q = new HeldRequestQueue<>(10);
    q.offer("a");
    q.offer("b");
    q.offer("c");
    assertThat(q.poll()).isEqualTo("a");
    assertThat(q.poll()).isEqualTo("b");
    assertThat(q.poll()).isEqualTo("c");
    assertThat(q.poll()).isNull();
  }

  @Test
  void refusesRequestsBeyondTheLimit() {
    HeldRequestQueue<String> q = new HeldRequestQueue<>(2);
    assertThat(q.offer("a")).isTrue();
    assertThat(q.offer("b")).isTrue();
    assertThat(q.offer("c")).isFalse();
    assertThat(q.size()).isEqualTo(2);
  }

  @Test
  void cancelledRequestLeavesTheQueueAtOnceAndFreesItsSlot() {
    HeldRequestQueue<String> q = new HeldRequestQueue<>(2);
    q.offer("a");
    q.offer("b");
    assertThat(q.remove("a")).isTrue();
    assertThat(q.remove("a")).isFalse();
    assertThat(q.offer("c")).isTrue();
    assertThat(q.poll()).isEqualTo("b");
    assertThat(q.poll()).isEqualTo("c");
  }

  @Test
  void requestPutBackAfterARefusedConnectionGoesFirstEvenWhenFull() {
    HeldRequestQueue<String> q = new HeldRequestQueue<>(1);
    q.offer("b");
    q.putBackFirst("a");
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.poll()).isEqualTo("a");
  }

  @Test
  void rejectsALimitBelowOneNamingTheValue() {
    assertThatThrownBy(() -> new HeldRequestQueue<>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue limit = 0");
  }
}
