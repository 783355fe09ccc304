package net.evroclabs.run.local.platform;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.evroclabs.run.controller.NetworkPolicyStore;

/**
 * Network policies in local mode: kept, not enforced (local processes share the machine's network;
 * isolation needs a cluster's network plugin).
 */
public final class LocalNetworkPolicies implements NetworkPolicyStore {

  private final Map<String, NetworkPolicy> policies = new TreeMap<>();

  @Override
  public synchronized Map<String, NetworkPolicy> managed(String namespace) {
    return policies.values().stream()
        .filter(p -> p.getMetadata().getNamespace().equals(namespace))
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
  }

  @Override
  public synchronized Set<String> namespaces() {
    return policies.values().stream()
        .map(p -> p.getMetadata().getNamespace())
        .collect(Collectors.toSet());
  }

  @Override
  public synchronized void apply(NetworkPolicy policy) {
    policies.put(
        policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName(), policy);
  }

  @Override
  public synchronized void delete(String namespace, String name) {
    policies.remove(namespace + "/" + name);
  }
}
