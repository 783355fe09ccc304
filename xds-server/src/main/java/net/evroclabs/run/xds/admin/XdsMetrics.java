package net.evroclabs.run.xds.admin;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.TypeSnapshot;
import net.evroclabs.run.xds.cache.XdsType;

/** The xds-server's own metrics, all prefixed {@code run_xds_}. */
public final class XdsMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge streams =
      Gauge.builder()
          .name("run_xds_connected_streams")
          .help("Open xDS streams by node group")
          .labelNames("group")
          .register(registry);
  private final Histogram buildSeconds =
      Histogram.builder()
          .name("run_xds_snapshot_build_seconds")
          .help("Time to apply a batch of changes, translate and build the snapshots")
          .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .register(registry);
  private final Histogram pushToAck =
      Histogram.builder()
          .name("run_xds_push_to_ack_seconds")
          .help("Time from sending a response until the node acknowledges it")
          .labelNames("type", "group")
          .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .register(registry);
  private final Counter nacks =
      Counter.builder()
          .name("run_xds_nacks_total")
          .help("Responses rejected by a node, by type and node group")
          .labelNames("type", "group")
          .register(registry);
  private final Counter failures =
      Counter.builder()
          .name("run_xds_service_translation_failures_total")
          .help("Service changes that could not be translated; the last good config is kept")
          .register(registry);
  private final Counter sentBytes =
      Counter.builder()
          .name("run_xds_sent_bytes_total")
          .help("Bytes of xDS responses sent, by type and node group")
          .labelNames("type", "group")
          .register(registry);
  private final Gauge resources =
      Gauge.builder()
          .name("run_xds_resources")
          .help("Resources in the served snapshot, by node group and type")
          .labelNames("group", "type")
          .register(registry);
  private final Gauge resourceBytes =
      Gauge.builder()
          .name("run_xds_resource_bytes")
          .help("Serialized bytes of the served snapshot, by node group and type")
          .labelNames("group", "type")
          .register(registry);
  private final Gauge services =
      Gauge.builder()
          .name("run_xds_services")
          .help("Services known to the pipeline")
          .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  public void streams(NodeGroup group, long count) {
    streams.labelValues(group.nodeCluster()).set(count);
  }

  public void built(double seconds, int serviceCount) {
    buildSeconds.observe(seconds);
    services.set(serviceCount);
  }

  public void acknowledged(XdsType type, NodeGroup group, double seconds) {
    pushToAck.labelValues(type.shortName(), group.nodeCluster()).observe(seconds);
  }

  public void nacked(XdsType type, NodeGroup group) {
    nacks.labelValues(type.shortName(), group.nodeCluster()).inc();
  }

  public double nackCount(XdsType type, NodeGroup group) {
    return nacks.labelValues(type.shortName(), group.nodeCluster()).get();
  }

  public void translationFailed(int count) {
    failures.inc(count);
  }

  public void sent(XdsType type, NodeGroup group, long bytes) {
    sentBytes.labelValues(type.shortName(), group.nodeCluster()).inc(bytes);
  }

  /** Updates resource counts and bytes of the groups whose snapshots changed. */
  public void served(Map<NodeGroup, GroupSnapshot> previous, Map<NodeGroup, GroupSnapshot> now) {
    for (Map.Entry<NodeGroup, GroupSnapshot> e : now.entrySet()) {
      GroupSnapshot old = previous.get(e.getKey());
      for (XdsType t : XdsType.values()) {
        TypeSnapshot ts = e.getValue().type(t);
        if (old != null && old.type(t) == ts) {
          continue;
        }
        String group = e.getKey().nodeCluster();
        resources.labelValues(group, t.shortName()).set(ts.ordered().size());
        resourceBytes.labelValues(group, t.shortName()).set(ts.serializedSize());
      }
    }
  }
}
