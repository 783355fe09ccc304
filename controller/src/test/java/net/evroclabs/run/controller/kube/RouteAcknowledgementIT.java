package net.evroclabs.run.controller.kube;

import static net.evroclabs.run.controller.kube.EmulatedCluster.condition;
import static net.evroclabs.run.controller.kube.EmulatedCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Conditions;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.controller.RouteAcknowledgements;
import net.evroclabs.run.controller.RouteState;
import net.evroclabs.run.controller.status.ServiceReasons;
import org.junit.jupiter.api.Test;

// The kubelet and controllers in try-with-resources run for the test without being referenced.
@SuppressWarnings("try")
class RouteAcknowledgementIT {

  /** Gateways under the test's control: a state per Service generation, pending until told. */
  static final class ManualGateways implements RouteAcknowledgements {
    private final Map<String, RouteState> states = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public RouteState state(String namespace, String service, long observedGeneration) {
      return states.getOrDefault(
          namespace + "/" + service + "@" + observedGeneration, RouteState.pending("not served"));
    }

    @Override
    public void addListener(Runnable onChange) {
      listeners.add(onChange);
    }

    void report(String service, long generation, RouteState state) {
      states.put(EmulatedCluster.NS + "/" + service + "@" + generation, state);
      listeners.forEach(Runnable::run);
    }
  }

  @Test
  void routesBecomeReadyWhenTheGatewaysAcknowledgeAndFailWithTheirMessageWhenTheyReject() {
    ManualGateways gateways = new ManualGateways();
    try (EmulatedCluster cluster = EmulatedCluster.start();
        SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client);
        KubeController controller =
            cluster.startController("controller-0", PlatformConfig.defaults(), gateways)) {
      cluster.create("hello", spec("registry.example/hello:1.0"));

      Service pending =
          cluster.awaitService(
              "hello",
              s ->
                  !s.getStatus().getTraffic().isEmpty()
                      && ServiceReasons.AWAITING_GATEWAYS.equals(
                          condition(s, Conditions.ROUTES_READY).getReason()));
      assertThat(condition(pending, Conditions.READY).getStatus()).isEqualTo(Condition.UNKNOWN);

      gateways.report("hello", 1, RouteState.acknowledged("acked by 2 gateways"));
      cluster.awaitService("hello", EmulatedCluster::ready);

      cluster.edit(
          "hello", s -> s.getTemplate().getContainer().setImage("registry.example/hello:2.0"));
      gateways.report("hello", 2, RouteState.rejected("gateway-0: duplicate virtual host"));

      Service rejected =
          cluster.awaitService(
              "hello",
              s ->
                  Condition.FALSE.equals(condition(s, Conditions.ROUTES_READY).getStatus())
                      && s.getStatus().getObservedGeneration() == 2L);
      assertThat(condition(rejected, Conditions.ROUTES_READY).getReason())
          .isEqualTo(ServiceReasons.GATEWAY_REJECTED);
      assertThat(condition(rejected, Conditions.READY).getMessage())
          .contains("duplicate virtual host");
    }
  }
}
