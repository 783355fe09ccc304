package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.List;
import net.evroclabs.run.envoy.model.Endpoint;
import org.junit.jupiter.api.Test;

class LoadAssignmentFactoryTest {

  @Test
  void readyPodsBecomeHealthySocketAddressesOfTheCluster() {
    ClusterLoadAssignment actual =
        LoadAssignmentFactory.assignment(
            "team-a/hello-00001",
            List.of(Endpoint.parse("10.0.0.7:8080"), Endpoint.parse("[fd00::8]:9000")));

    assertThat(actual)
        .isEqualTo(
            ProtoYaml.parse(
                """
                cluster_name: team-a/hello-00001
                endpoints:
                - load_balancing_weight: 1
                  lb_endpoints:
                  - endpoint: {address: {socket_address: {address: 10.0.0.7, port_value: 8080}}}
                    health_status: HEALTHY
                  - endpoint: {address: {socket_address: {address: "fd00::8", port_value: 9000}}}
                    health_status: HEALTHY
                """,
                ClusterLoadAssignment.newBuilder()));
  }

  @Test
  void noEndpointsIsAnAssignmentWithoutLocalities() {
    assertThat(LoadAssignmentFactory.assignment("team-a/hello-00001", List.of()))
        .isEqualTo(
            ProtoYaml.parse(
                "cluster_name: team-a/hello-00001", ClusterLoadAssignment.newBuilder()));
  }
}
