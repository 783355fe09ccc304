package net.evroclabs.run.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalePlanTest {

  @Test
  void startsTheMissingInstances() {
    assertThat(ScalePlan.plan(List.of(new ScalePlan.Live(1, true, 0)), 3))
        .isEqualTo(new ScalePlan(2, List.of()));
  }

  @Test
  void stopsInstancesThatAreNotReadyBeforeReadyOnes() {
    List<ScalePlan.Live> live =
        List.of(
            new ScalePlan.Live(1, true, 100),
            new ScalePlan.Live(2, false, 50),
            new ScalePlan.Live(3, true, 200));
    assertThat(ScalePlan.plan(live, 2).toStop()).containsExactly(2);
  }

  @Test
  void amongReadyInstancesStopsTheYoungest() {
    List<ScalePlan.Live> live =
        List.of(
            new ScalePlan.Live(1, true, 100),
            new ScalePlan.Live(2, true, 300),
            new ScalePlan.Live(3, true, 200));
    assertThat(ScalePlan.plan(live, 1).toStop()).containsExactly(2, 3);
  }

  @Test
  void scalingToZeroStopsEverything() {
    List<ScalePlan.Live> live =
        List.of(new ScalePlan.Live(1, true, 1), new ScalePlan.Live(2, false, 2));
    assertThat(ScalePlan.plan(live, 0).toStop()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void negativeReplicasAreRejected() {
    assertThatThrownBy(() -> ScalePlan.plan(List.of(), -1))
        .hasMessageContaining("desired replicas = -1");
  }
}
