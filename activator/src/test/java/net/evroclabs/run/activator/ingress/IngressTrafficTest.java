package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import net.evroclabs.run.envoy.bootstrap.GatewayBootstrap;
import org.junit.jupiter.api.Test;

class IngressTrafficTest {

  @Test
  void bucketsAreTheGatewaysLatencyBuckets() throws Exception {
    Field f = GatewayBootstrap.class.getDeclaredField("LATENCY_BUCKETS_MS");
    f.setAccessible(true);
    assertThat(IngressTraffic.BUCKET_BOUNDS_MS).containsExactly((double[]) f.get(null));
  }

  @Test
  void countsRequestsActiveAndLatency() {
    IngressTraffic t = new IngressTraffic();
    t.started("ns/a");
    t.started("ns/a");
    t.started("ns/b");
    t.ended("ns/a", 1.0);
    t.ended("ns/a", 700_000);
    IngressTraffic.RevisionTraffic a = t.snapshot().get("ns/a");
    assertThat(a.requests()).isEqualTo(2);
    assertThat(a.active()).isZero();
    assertThat(a.latencyCount()).isEqualTo(2);
    assertThat(a.latencySumMs()).isEqualTo(700_001.0);
    long[] b = a.latencyBucketCounts();
    assertThat(b).hasSize(IngressTraffic.BUCKET_BOUNDS_MS.length + 1);
    assertThat(b[0]).isEqualTo(1); // le 1
    assertThat(b[b.length - 2]).isEqualTo(1); // le 600000
    assertThat(b[b.length - 1]).isEqualTo(2); // +Inf
    assertThat(t.snapshot().get("ns/b").active()).isEqualTo(1);
  }
}
