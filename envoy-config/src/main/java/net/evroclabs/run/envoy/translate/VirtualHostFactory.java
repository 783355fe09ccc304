package net.evroclabs.run.envoy.translate;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.TrafficTarget;

/**
 * A service's virtual hosts: the main host split by percent, and one per tag. Every weighted
 * cluster sets {@code x-run-revision}; client-supplied {@code x-run-*} headers are removed first.
 */
final class VirtualHostFactory {

  /** Only failures where the request never reached the application are retried. */
  private static final RetryPolicy SAFE_RETRIES =
      RetryPolicy.newBuilder()
          .setRetryOn("connect-failure,refused-stream")
          .setNumRetries(UInt32Value.of(2))
          .build();

  private VirtualHostFactory() {}

  static List<VirtualHost> virtualHosts(RoutedService service) {
    List<VirtualHost> hosts = new ArrayList<>(1 + service.tags().size());
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (TrafficTarget t : service.traffic()) {
      if (t.percent() > 0) {
        weights.merge(t.revision(), t.percent(), Integer::sum);
      }
    }
    hosts.add(virtualHost(service.key(), service.host(), service, weights));
    for (TagRoute tag : service.tags()) {
      hosts.add(
          virtualHost(
              service.key() + "/tag/" + tag.tag(),
              tag.host(),
              service,
              Map.of(tag.revision(), 100)));
    }
    return hosts;
  }

  private static VirtualHost virtualHost(
      String name, String domain, RoutedService service, Map<String, Integer> weights) {
    WeightedCluster.Builder split = WeightedCluster.newBuilder();
    int timeoutSeconds = 0;
    for (Map.Entry<String, Integer> w : weights.entrySet()) {
      String cluster = Names.cluster(service.namespace(), w.getKey());
      split.addClusters(
          WeightedCluster.ClusterWeight.newBuilder()
              .setName(cluster)
              .setWeight(UInt32Value.of(w.getValue()))
              .addRequestHeadersToAdd(Protos.overwrite(RunHeaders.REVISION, cluster)));
      timeoutSeconds = Math.max(timeoutSeconds, service.revision(w.getKey()).timeoutSeconds());
    }
    RouteAction action =
        RouteAction.newBuilder()
            .setWeightedClusters(split)
            .setTimeout(Protos.seconds(timeoutSeconds))
            .setIdleTimeout(Protos.seconds(timeoutSeconds))
            .setRetryPolicy(SAFE_RETRIES)
            .build();
    return VirtualHost.newBuilder()
        .setName(name)
        .addDomains(domain)
        .addAllRequestHeadersToRemove(RunHeaders.RESERVED)
        .addRoutes(
            Route.newBuilder()
                .setName(name)
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(action))
        .build();
  }
}
