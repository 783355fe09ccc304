package net.evroclabs.run.xds.cache;

import io.envoyproxy.controlplane.cache.Resources;
import java.util.Optional;

/** The xDS resource types the server answers, in the order Envoy applies them. */
public enum XdsType {
  CLUSTERS(Resources.V3.CLUSTER_TYPE_URL, "cds"),
  ENDPOINTS(Resources.V3.ENDPOINT_TYPE_URL, "eds"),
  LISTENERS(Resources.V3.LISTENER_TYPE_URL, "lds"),
  ROUTES(Resources.V3.ROUTE_TYPE_URL, "rds"),
  SECRETS(Resources.V3.SECRET_TYPE_URL, "sds");

  private final String typeUrl;
  private final String shortName;

  XdsType(String typeUrl, String shortName) {
    this.typeUrl = typeUrl;
    this.shortName = shortName;
  }

  public String typeUrl() {
    return typeUrl;
  }

  /** {@code cds}, {@code eds}, {@code lds}, {@code rds} or {@code sds}: the metric label value. */
  public String shortName() {
    return shortName;
  }

  /** The type of a type URL; empty for types this server does not serve. */
  public static Optional<XdsType> ofTypeUrl(String typeUrl) {
    for (XdsType t : values()) {
      if (t.typeUrl.equals(typeUrl)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
