package net.evroclabs.run.activator.ingress;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import net.evroclabs.run.activator.AdsStream;
import net.evroclabs.run.activator.XdsRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADS client (state of the world) of xds-server as node cluster {@code gateway}: wildcard LDS, then
 * RDS for every route configuration the listeners' HTTP connection managers name. ACKs what it
 * applied; NACKs an unreadable response and keeps the last good state; its {@link AdsStream}
 * reconnects with backoff. Every change rebuilds the {@link HostRouter}, readable through {@link
 * #router()}.
 */
public final class RouteSource implements AutoCloseable {

  public static final String NODE_CLUSTER = "gateway";
  public static final String LISTENER_TYPE =
      "type.googleapis.com/envoy.config.listener.v3.Listener";
  public static final String ROUTE_TYPE =
      "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  public static final String CLUSTER_TYPE = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  private static final String HCM_TYPE =
      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
  private static final Logger LOG = LoggerFactory.getLogger(RouteSource.class);

  private final AdsStream<DiscoveryRequest, DiscoveryResponse> stream;
  private final Node node;
  private final Consumer<HostRouter> onChange;

  private final Map<String, RouteConfiguration> routes = new LinkedHashMap<>();
  private String ldsVersion = "";
  private String rdsVersion = "";
  private String rdsNonce = "";
  private Set<String> rdsNames = Set.of();
  private boolean listenersSeen;
  private volatile HostRouter router;

  /**
   * @param backoff delay before reconnect attempt {@code n} (1-based)
   * @param onChange called with every new router, on the gRPC thread
   */
  public RouteSource(
      ManagedChannel channel,
      String nodeId,
      IntFunction<Duration> backoff,
      ScheduledExecutorService scheduler,
      Consumer<HostRouter> onChange) {
    this.stream = AdsStream.stateOfTheWorld(channel, "the ingress", backoff, scheduler);
    this.node = Node.newBuilder().setId(nodeId).setCluster(NODE_CLUSTER).build();
    this.onChange = onChange;
  }

  /** The current router, or null until the first route configurations arrived. */
  public HostRouter router() {
    return router;
  }

  public boolean isConnected() {
    return stream.isConnected();
  }

  /** Opens the stream; failures are retried in the background. */
  public void start() {
    stream.start(
        new AdsStream.Handler<>() {
          @Override
          public void opened() {
            rdsNonce = "";
            // Clusters are acknowledged, not used (the activator's own stream carries them): a
            // gateway's routes count as served once it has acknowledged clusters, listeners and
            // routes.
            send(CLUSTER_TYPE, "", "", List.of(), null);
            send(LISTENER_TYPE, "", "", List.of(), null);
            if (!rdsNames.isEmpty()) {
              send(ROUTE_TYPE, "", "", rdsNames, null);
            }
          }

          @Override
          public void respond(DiscoveryResponse response) {
            switch (response.getTypeUrl()) {
              case CLUSTER_TYPE ->
                  send(
                      CLUSTER_TYPE,
                      response.getVersionInfo(),
                      response.getNonce(),
                      List.of(),
                      null);
              case LISTENER_TYPE -> onListeners(response);
              case ROUTE_TYPE -> onRoutes(response);
              default ->
                  send(
                      response.getTypeUrl(),
                      "",
                      response.getNonce(),
                      List.of(),
                      "type " + response.getTypeUrl() + " is not used by the ingress");
            }
          }
        });
  }

  @Override
  public void close() {
    stream.close();
  }

  /**
   * A request for {@code names} of {@code typeUrl} (none: wildcard) that acknowledges {@code
   * version} and {@code nonce}, or rejects them when {@code error} is not null.
   */
  private void send(
      String typeUrl, String version, String nonce, Iterable<String> names, String error) {
    stream.send(XdsRequests.of(node, typeUrl, version, nonce, names, error));
  }

  /** The route configuration names of a listener's HTTP connection managers (all filter chains). */
  static Set<String> routeNames(Listener listener) throws InvalidProtocolBufferException {
    Set<String> names = new TreeSet<>();
    List<FilterChain> chains = new ArrayList<>(listener.getFilterChainsList());
    if (listener.hasDefaultFilterChain()) {
      chains.add(listener.getDefaultFilterChain());
    }
    for (FilterChain chain : chains) {
      for (Filter filter : chain.getFiltersList()) {
        if (filter.hasTypedConfig() && HCM_TYPE.equals(filter.getTypedConfig().getTypeUrl())) {
          HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
          if (hcm.hasRds() && !hcm.getRds().getRouteConfigName().isEmpty()) {
            names.add(hcm.getRds().getRouteConfigName());
          }
        }
      }
    }
    return names;
  }

  private void onListeners(DiscoveryResponse response) {
    Set<String> names = new TreeSet<>();
    try {
      for (Any any : response.getResourcesList()) {
        names.addAll(routeNames(any.unpack(Listener.class)));
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.warn("LDS version {} rejected: {}", response.getVersionInfo(), e.toString());
      send(LISTENER_TYPE, ldsVersion, response.getNonce(), List.of(), "LDS: " + e);
      return;
    }
    ldsVersion = response.getVersionInfo();
    send(LISTENER_TYPE, ldsVersion, response.getNonce(), List.of(), null);
    listenersSeen = true;
    if (!names.equals(rdsNames)) {
      rdsNames = names;
      routes.keySet().retainAll(names);
      send(ROUTE_TYPE, rdsVersion, rdsNonce, names, null);
      if (router != null) {
        publish();
      }
    }
    // Without route configurations to wait for, the (empty) routes are complete.
    if (names.isEmpty() && router == null) {
      publish();
    }
  }

  private void onRoutes(DiscoveryResponse response) {
    Map<String, RouteConfiguration> next = new LinkedHashMap<>();
    try {
      for (Any any : response.getResourcesList()) {
        RouteConfiguration rc = any.unpack(RouteConfiguration.class);
        next.put(rc.getName(), rc);
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.warn("RDS version {} rejected: {}", response.getVersionInfo(), e.toString());
      rdsNonce = response.getNonce();
      send(ROUTE_TYPE, rdsVersion, rdsNonce, rdsNames, "RDS: " + e);
      return;
    }
    rdsNonce = response.getNonce();
    rdsVersion = response.getVersionInfo();
    // Route configurations are not full state: a response may carry only those that changed (as
    // xds-server sends them), and the others stay as they were.
    next.forEach(
        (name, rc) -> {
          if (rdsNames.contains(name)) {
            routes.put(name, rc);
          }
        });
    send(ROUTE_TYPE, rdsVersion, rdsNonce, rdsNames, null);
    if (listenersSeen) {
      publish();
    }
  }

  private void publish() {
    HostRouter r = HostRouter.of(List.copyOf(routes.values()));
    router = r;
    LOG.debug(
        "ingress routes: {} route configurations, {} virtual hosts",
        routes.size(),
        r.virtualHostCount());
    onChange.accept(r);
  }
}
