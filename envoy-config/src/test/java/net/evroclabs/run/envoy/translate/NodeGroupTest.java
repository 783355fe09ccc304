package net.evroclabs.run.envoy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeGroupTest {

  @Test
  void aNodeIsGroupedByItsNodeCluster() {
    assertThat(NodeGroup.ofNodeCluster("gateway")).isEqualTo(NodeGroup.GATEWAY);
    assertThat(NodeGroup.ofNodeCluster("activator")).isEqualTo(NodeGroup.ACTIVATOR);
    assertThat(NodeGroup.ofNodeCluster("proxyless")).isEqualTo(NodeGroup.PROXYLESS);
  }

  @Test
  void anUnknownNodeClusterIsNamedInTheError() {
    assertThatThrownBy(() -> NodeGroup.ofNodeCluster("Gateway"))
        .hasMessage("node.cluster = 'Gateway', must be gateway, activator or proxyless");
  }
}
