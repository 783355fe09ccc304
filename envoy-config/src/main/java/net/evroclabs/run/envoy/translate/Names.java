package net.evroclabs.run.envoy.translate;

/** Names of the generated resources; other components (activator, dashboards) rely on them. */
public final class Names {

  /** The HTTPS listener. */
  public static final String HTTPS_LISTENER = "https";

  /** The listener that redirects HTTP to HTTPS. */
  public static final String HTTP_LISTENER = "http";

  /** The inline routes of the HTTPS listener's default filter chain: 404 for every host. */
  public static final String UNKNOWN_HOST_ROUTES = "unknown-host";

  /** Filter-metadata namespace of the revision settings on each cluster. */
  public static final String METADATA_NAMESPACE = "run.evroclabs.net";

  private Names() {}

  /** {@code <namespace>/<revision>}: the EDS cluster of a revision. */
  public static String cluster(String namespace, String revision) {
    return namespace + "/" + revision;
  }

  /** {@code routes/<namespace>/<service>}: the route configuration of one service's hosts. */
  public static String routeConfiguration(String serviceKey) {
    return "routes/" + serviceKey;
  }
}
