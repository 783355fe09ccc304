package net.evroclabs.run.networkpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayRbacTest {

  private static <T extends Message> T parse(String json, T.Builder builder, Class<T> type)
      throws InvalidProtocolBufferException {
    JsonFormat.parser().merge(json, builder);
    return type.cast(builder.build());
  }

  @Test
  void deniesRequestsWhosePeerOrClientAddressIsInAWorkloadRange() throws Exception {
    RBAC expected =
        parse(
            """
            {
              "action": "DENY",
              "policies": {
                "deny-workload-sources": {
                  "permissions": [{"any": true}],
                  "principals": [{"orIds": {"ids": [
                    {"directRemoteIp": {"addressPrefix": "10.244.0.0", "prefixLen": 16}},
                    {"remoteIp": {"addressPrefix": "10.244.0.0", "prefixLen": 16}},
                    {"directRemoteIp": {"addressPrefix": "fd00:10:244::", "prefixLen": 56}},
                    {"remoteIp": {"addressPrefix": "fd00:10:244::", "prefixLen": 56}}
                  ]}}]
                }
              }
            }
            """,
            RBAC.newBuilder(),
            RBAC.class);

    RBAC rules =
        GatewayRbac.rules(
            WorkloadSourceDenial.of(
                List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:10:244::/56"))));

    assertThat(rules).isEqualTo(expected);
  }

  @Test
  void usesTheGivenPolicyName() {
    RBAC rules =
        GatewayRbac.rules(new WorkloadSourceDenial("no-pods", List.of(Cidr.parse("10.0.0.0/8"))));

    assertThat(rules.getPoliciesMap()).containsOnlyKeys("no-pods");
  }

  @Test
  void withoutRangesItDeniesNothing() throws Exception {
    RBAC rules = GatewayRbac.rules(WorkloadSourceDenial.of(List.of()));

    assertThat(rules).isEqualTo(parse("{\"action\": \"DENY\"}", RBAC.newBuilder(), RBAC.class));
    assertThat(rules.getPoliciesCount()).isZero();
  }

  @Test
  void theHttpFilterCarriesTheRules() {
    WorkloadSourceDenial denial = WorkloadSourceDenial.of(List.of(Cidr.parse("10.244.0.0/16")));

    var filter = GatewayRbac.httpFilter(denial);

    assertThat(filter.getRules()).isEqualTo(GatewayRbac.rules(denial));
    assertThat(filter.hasShadowRules()).isFalse();
  }
}
