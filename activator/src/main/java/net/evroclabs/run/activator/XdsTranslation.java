package net.evroclabs.run.activator;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads revisions out of xDS resources: a {@link Cluster} named {@code <namespace>/<revision>} with
 * metadata under {@code run.evroclabs.net}, and its {@link ClusterLoadAssignment}. Pure; each bad
 * resource is reported by name and does not spoil the others.
 */
public final class XdsTranslation {

  public static final String CLUSTER_TYPE = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  public static final String ENDPOINT_TYPE =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  public static final String METADATA_KEY = "run.evroclabs.net";

  /** A resource that could not be read: its name (empty when unknown) and why. */
  public record Rejected(String name, String reason) {}

  /** The resources that translated, and the ones that did not. */
  public record Result<T>(Map<RevisionKey, T> resources, List<Rejected> rejected) {

    /** The reasons of every rejection, in order. */
    public List<String> errors() {
      return rejected.stream().map(Rejected::reason).toList();
    }
  }

  private XdsTranslation() {}

  /** Translates the clusters of one CDS response. */
  public static Result<RevisionSettings> clusters(List<Any> resources) {
    Map<RevisionKey, RevisionSettings> out = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    for (Any any : resources) {
      Cluster cluster;
      try {
        cluster = unpack(any, Cluster.class, CLUSTER_TYPE);
      } catch (IllegalArgumentException e) {
        rejected.add(new Rejected("", e.getMessage()));
        continue;
      }
      try {
        out.put(RevisionKey.parse(cluster.getName()), settings(cluster));
      } catch (IllegalArgumentException e) {
        rejected.add(new Rejected(cluster.getName(), e.getMessage()));
      }
    }
    return new Result<>(out, rejected);
  }

  /** Translates the load assignments of one EDS response into ready endpoints. */
  public static Result<List<Endpoint>> endpoints(List<Any> resources) {
    Map<RevisionKey, List<Endpoint>> out = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    for (Any any : resources) {
      ClusterLoadAssignment cla;
      try {
        cla = unpack(any, ClusterLoadAssignment.class, ENDPOINT_TYPE);
      } catch (IllegalArgumentException e) {
        rejected.add(new Rejected("", e.getMessage()));
        continue;
      }
      try {
        out.put(RevisionKey.parse(cla.getClusterName()), readyEndpoints(cla));
      } catch (IllegalArgumentException e) {
        rejected.add(new Rejected(cla.getClusterName(), e.getMessage()));
      }
    }
    return new Result<>(out, rejected);
  }

  static RevisionSettings settings(Cluster cluster) {
    Struct meta = cluster.getMetadata().getFilterMetadataMap().get(METADATA_KEY);
    RevisionSettings d = RevisionSettings.defaults();
    if (meta == null) {
      return d;
    }
    String where = "cluster " + cluster.getName() + ": ";
    try {
      return new RevisionSettings(
          number(meta, "timeoutSeconds", d.timeoutSeconds(), where),
          number(meta, "containerConcurrency", d.containerConcurrency(), where),
          meta.containsFields("protocol")
              ? RevisionSettings.Protocol.parse(meta.getFieldsOrThrow("protocol").getStringValue())
              : d.protocol());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith("cluster ") ? e.getMessage() : where + e.getMessage(), e);
    }
  }

  static List<Endpoint> readyEndpoints(ClusterLoadAssignment cla) {
    List<Endpoint> ready = new ArrayList<>();
    for (LocalityLbEndpoints locality : cla.getEndpointsList()) {
      for (LbEndpoint lb : locality.getLbEndpointsList()) {
        HealthStatus health = lb.getHealthStatus();
        if (health != HealthStatus.HEALTHY && health != HealthStatus.UNKNOWN) {
          continue;
        }
        SocketAddress socket = lb.getEndpoint().getAddress().getSocketAddress();
        try {
          ready.add(new Endpoint(socket.getAddress(), socket.getPortValue()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "load assignment " + cla.getClusterName() + ": " + e.getMessage(), e);
        }
      }
    }
    return ready;
  }

  private static int number(Struct meta, String field, int fallback, String where) {
    Value v = meta.getFieldsMap().get(field);
    if (v == null) {
      return fallback;
    }
    if (v.getKindCase() != Value.KindCase.NUMBER_VALUE) {
      throw new IllegalArgumentException(where + field + " = " + v + ", must be a number");
    }
    double d = v.getNumberValue();
    if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(where + field + " = " + d + ", must be a whole number");
    }
    return (int) d;
  }

  private static <T extends com.google.protobuf.Message> T unpack(
      Any any, Class<T> type, String typeUrl) {
    if (!typeUrl.equals(any.getTypeUrl())) {
      throw new IllegalArgumentException(
          "resource type = " + any.getTypeUrl() + ", expected " + typeUrl);
    }
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("resource of type " + typeUrl + " does not parse", e);
    }
  }

  /**
   * The cluster xds-server sends for revision {@code key} with {@code settings}, as {@link
   * #clusters} reads it back (for the start-up warm-up and tests).
   */
  static Cluster cluster(RevisionKey key, RevisionSettings settings) {
    Struct meta =
        Struct.newBuilder()
            .putFields(
                "timeoutSeconds",
                Value.newBuilder().setNumberValue(settings.timeoutSeconds()).build())
            .putFields(
                "containerConcurrency",
                Value.newBuilder().setNumberValue(settings.containerConcurrency()).build())
            .putFields(
                "protocol",
                Value.newBuilder().setStringValue(settings.protocol().wireName()).build())
            .build();
    return Cluster.newBuilder()
        .setName(key.toString())
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(
            Cluster.EdsClusterConfig.newBuilder()
                .setEdsConfig(
                    ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
        .setMetadata(
            Metadata.newBuilder().putFilterMetadata(XdsTranslation.METADATA_KEY, meta).build())
        .build();
  }

  /** The load assignment xds-server sends for revision {@code key}'s ready pods. */
  static ClusterLoadAssignment assignment(RevisionKey key, List<Endpoint> ready) {
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (Endpoint e : ready) {
      locality.addLbEndpoints(
          LbEndpoint.newBuilder()
              .setHealthStatus(HealthStatus.HEALTHY)
              .setEndpoint(
                  io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                      .setAddress(
                          Address.newBuilder()
                              .setSocketAddress(
                                  SocketAddress.newBuilder()
                                      .setAddress(e.host())
                                      .setPortValue(e.port())))));
    }
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(key.toString())
        .addEndpoints(locality)
        .build();
  }
}
