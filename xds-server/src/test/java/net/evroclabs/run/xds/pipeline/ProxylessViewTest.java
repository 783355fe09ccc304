package net.evroclabs.run.xds.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.envoy.translate.GroupResources;
import org.junit.jupiter.api.Test;

class ProxylessViewTest {

  private final ProxylessView view = new ProxylessView();

  private static ClusterLoadAssignment cla(String name, int priority) {
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(name)
        .addEndpoints(LocalityLbEndpoints.newBuilder().setPriority(priority))
        .build();
  }

  private List<ClusterLoadAssignment> adapt(List<ClusterLoadAssignment> endpoints) {
    return view.adapt(new GroupResources(List.of(), endpoints, List.of(), List.of(), List.of()))
        .endpoints();
  }

  @Test
  void localitiesWithoutWeightGetWeightOne() {
    List<ClusterLoadAssignment> out = adapt(List.of(cla("a", 0)));

    assertThat(out.getFirst().getEndpoints(0).getLoadBalancingWeight().getValue()).isEqualTo(1);
  }

  @Test
  void theSameListKeepsTheSameAdaptedList() {
    List<ClusterLoadAssignment> in = List.of(cla("a", 0), cla("b", 0));

    assertThat(adapt(in)).isSameAs(adapt(in));
  }

  @Test
  void aSlotChangedInPlaceIsAdaptedAndTheOthersKeepTheirInstances() {
    List<ClusterLoadAssignment> in = List.of(cla("a", 0), cla("b", 0), cla("c", 0));
    List<ClusterLoadAssignment> first = adapt(in);
    List<ClusterLoadAssignment> changed = new ArrayList<>(in);
    changed.set(1, cla("b", 1));

    List<ClusterLoadAssignment> second = adapt(changed);

    assertThat(second.get(0)).isSameAs(first.get(0));
    assertThat(second.get(2)).isSameAs(first.get(2));
    assertThat(second.get(1).getEndpoints(0).getPriority()).isEqualTo(1);
    assertThat(second.get(1).getEndpoints(0).getLoadBalancingWeight().getValue()).isEqualTo(1);
  }

  @Test
  void reorderedOrResizedListsAreMatchedByName() {
    List<ClusterLoadAssignment> in = List.of(cla("a", 0), cla("b", 0));
    List<ClusterLoadAssignment> first = adapt(in);

    List<ClusterLoadAssignment> swapped = adapt(List.of(in.get(1), in.get(0)));
    List<ClusterLoadAssignment> grown = adapt(List.of(in.get(1), in.get(0), cla("c", 0)));

    assertThat(swapped.get(0)).isSameAs(first.get(1));
    assertThat(swapped.get(1)).isSameAs(first.get(0));
    assertThat(grown).hasSize(3);
    assertThat(grown.get(0)).isSameAs(first.get(1));
    assertThat(grown.get(2).getClusterName()).isEqualTo("c");
  }
}
