package net.evroclabs.run.networkpolicy;

import java.util.List;
import java.util.Map;

/**
 * The platform's own pods and the cluster services they use: everything the isolation policies need
 * besides the tenants.
 *
 * @param namespace the system namespace, {@code run-system}
 * @param gateway the Envoy gateway; serving ports are its HTTP and HTTPS listeners
 * @param activator the activator; serving port is its proxy port
 * @param xdsServer the xds-server; serving port is its xDS port (18000)
 * @param scaler the scaler; serving port is where the activator pokes it
 * @param monitoringNamespaceLabels labels of the namespace(s) allowed to scrape metrics
 * @param prometheus the Prometheus the scaler queries
 * @param dns the cluster DNS the system components resolve names with
 * @param apiServer the Kubernetes API server
 */
public record SystemTopology(
    String namespace,
    Component gateway,
    Component activator,
    Component xdsServer,
    Component scaler,
    Map<String, String> monitoringNamespaceLabels,
    RemotePods prometheus,
    RemotePods dns,
    ApiServer apiServer) {

  /** The shipped system namespace. */
  public static final String DEFAULT_NAMESPACE = "run-system";

  /** The shipped gateway: HTTP and HTTPS listeners, Envoy stats on 9000. */
  public static final Component DEFAULT_GATEWAY = component("gateway", List.of(8080, 8443), 9000);

  /** The shipped activator: proxy on 8012, admin and metrics on 9090. */
  public static final Component DEFAULT_ACTIVATOR = component("activator", List.of(8012), 9090);

  /** The label Kubernetes puts on every namespace, holding its name. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  public SystemTopology {
    Checks.dnsLabel("system namespace", namespace);
    Checks.present("gateway", gateway);
    Checks.present("activator", activator);
    Checks.present("xdsServer", xdsServer);
    Checks.present("scaler", scaler);
    monitoringNamespaceLabels =
        Checks.labels("monitoringNamespaceLabels", monitoringNamespaceLabels, true);
    Checks.present("prometheus", prometheus);
    Checks.present("dns", dns);
    Checks.present("apiServer", apiServer);
    List<Component> components = List.of(gateway, activator, xdsServer, scaler);
    for (int i = 0; i < components.size(); i++) {
      for (int j = i + 1; j < components.size(); j++) {
        if (components.get(i).podLabels().equals(components.get(j).podLabels())) {
          throw new IllegalArgumentException(
              components.get(j).name()
                  + ".podLabels = "
                  + components.get(j).podLabels()
                  + ", the same as "
                  + components.get(i).name()
                  + ".podLabels; each component needs its own selector");
        }
      }
    }
  }

  /**
   * The shipped layout ({@code manifests/}): namespace {@code run-system}, pods labelled {@code
   * app.kubernetes.io/name: <component>}, metrics scraped from the namespace {@code monitoring},
   * Prometheus on 9090 there, cluster DNS as {@code kube-system/k8s-app=kube-dns}.
   */
  public static SystemTopology defaults(ApiServer apiServer) {
    return new SystemTopology(
        DEFAULT_NAMESPACE,
        DEFAULT_GATEWAY,
        DEFAULT_ACTIVATOR,
        component("xds-server", List.of(18000), 9091),
        component("scaler", List.of(8080), 8080),
        Map.of(NAMESPACE_NAME_LABEL, "monitoring"),
        new RemotePods(
            "prometheus",
            Map.of(NAMESPACE_NAME_LABEL, "monitoring"),
            Map.of("app.kubernetes.io/name", "prometheus"),
            List.of(Port.tcp(9090))),
        new RemotePods(
            "dns",
            Map.of(NAMESPACE_NAME_LABEL, "kube-system"),
            Map.of("k8s-app", "kube-dns"),
            List.of(Port.udp(53), Port.tcp(53))),
        apiServer);
  }

  private static Component component(String name, List<Integer> servingPorts, int metricsPort) {
    return new Component(name, Map.of("app.kubernetes.io/name", name), servingPorts, metricsPort);
  }
}
