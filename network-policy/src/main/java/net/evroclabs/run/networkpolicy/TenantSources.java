package net.evroclabs.run.networkpolicy;

/**
 * Who may reach workload pods: the gateway and the activator in the system namespace. All that a
 * tenant namespace's policies depend on, so the controller needs no more of the system's layout.
 *
 * @param systemNamespace the namespace of the gateway and the activator
 * @param gateway the Envoy gateway's pods
 * @param activator the activator's pods
 */
public record TenantSources(String systemNamespace, Component gateway, Component activator) {

  public TenantSources {
    Checks.dnsLabel("system namespace", systemNamespace);
    Checks.present("gateway", gateway);
    Checks.present("activator", activator);
  }

  /** The sources of a whole system layout. */
  public static TenantSources of(SystemTopology system) {
    return new TenantSources(system.namespace(), system.gateway(), system.activator());
  }

  /** The shipped layout ({@code manifests/}), the same as {@link SystemTopology#defaults}'s. */
  public static TenantSources defaults() {
    return new TenantSources(
        SystemTopology.DEFAULT_NAMESPACE,
        SystemTopology.DEFAULT_GATEWAY,
        SystemTopology.DEFAULT_ACTIVATOR);
  }
}
