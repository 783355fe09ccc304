package net.evroclabs.run.envoy.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import java.util.HashMap;
import java.util.Map;
import net.evroclabs.run.envoy.translate.EnvoyJson;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;

/**
 * The gateway's resources folded into one self-contained bootstrap, so that an operator can run
 * {@code envoy --mode validate -c} on exactly what xds-server serves: route configurations inlined
 * into their connection managers, EDS clusters made static with their endpoints, SDS secrets
 * static.
 */
public final class StaticBootstrap {

  private StaticBootstrap() {}

  public static Bootstrap of(GroupResources gateway, int adminPort) {
    Map<String, RouteConfiguration> routes = new HashMap<>();
    gateway.routes().forEach(r -> routes.put(r.getName(), r));
    Map<String, ClusterLoadAssignment> endpoints = new HashMap<>();
    gateway.endpoints().forEach(e -> endpoints.put(e.getClusterName(), e));

    Bootstrap.StaticResources.Builder resources = Bootstrap.StaticResources.newBuilder();
    for (Listener l : gateway.listeners()) {
      Listener.Builder b = l.toBuilder();
      b.getFilterChainsBuilderList().forEach(c -> inline(c, routes));
      if (b.hasDefaultFilterChain()) {
        inline(b.getDefaultFilterChainBuilder(), routes);
      }
      resources.addListeners(b);
    }
    for (Cluster c : gateway.clusters()) {
      ClusterLoadAssignment assignment = endpoints.get(c.getName());
      if (assignment == null) {
        throw new IllegalArgumentException("cluster " + c.getName() + " has no endpoints resource");
      }
      resources.addClusters(
          c.toBuilder()
              .setType(Cluster.DiscoveryType.STATIC)
              .clearEdsClusterConfig()
              .setLoadAssignment(assignment));
    }
    resources.addAllSecrets(gateway.secrets());
    return Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId("validate").setCluster(NodeGroup.GATEWAY.nodeCluster()))
        .setAdmin(
            Admin.newBuilder()
                .setAddress(
                    Address.newBuilder()
                        .setSocketAddress(
                            SocketAddress.newBuilder()
                                .setAddress("127.0.0.1")
                                .setPortValue(adminPort))))
        .setStaticResources(resources)
        .build();
  }

  public static String yaml(GroupResources gateway, int adminPort) {
    return YamlWriter.fromJson(EnvoyJson.printWithProtoNames(of(gateway, adminPort)));
  }

  private static void inline(FilterChain.Builder chain, Map<String, RouteConfiguration> routes) {
    for (Filter.Builder f : chain.getFiltersBuilderList()) {
      if (f.getTypedConfig().is(HttpConnectionManager.class)) {
        HttpConnectionManager hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class);
        if (hcm.hasRds()) {
          String name = hcm.getRds().getRouteConfigName();
          RouteConfiguration r = routes.get(name);
          if (r == null) {
            throw new IllegalArgumentException("route configuration " + name + " is missing");
          }
          f.setTypedConfig(Any.pack(hcm.toBuilder().setRouteConfig(r).build()));
        }
      }
    }
    if (chain.hasTransportSocket()
        && chain.getTransportSocket().getTypedConfig().is(DownstreamTlsContext.class)) {
      TransportSocket socket = chain.getTransportSocket();
      DownstreamTlsContext.Builder tls =
          unpack(socket.getTypedConfig(), DownstreamTlsContext.class).toBuilder();
      for (SdsSecretConfig.Builder sds :
          tls.getCommonTlsContextBuilder().getTlsCertificateSdsSecretConfigsBuilderList()) {
        sds.clearSdsConfig();
      }
      chain.setTransportSocket(socket.toBuilder().setTypedConfig(Any.pack(tls.build())));
    }
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot read " + any.getTypeUrl(), e);
    }
  }
}
