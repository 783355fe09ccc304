package net.evroclabs.run.controller;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Network policies kept in memory, where there is no API server to write them to (local mode;
 * tests). Keyed {@code <namespace>/<name>}.
 */
public final class MemoryNetworkPolicyStore implements NetworkPolicyStore {

  private final Map<String, NetworkPolicy> policies = new TreeMap<>();

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

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
    policies.put(key(policy.getMetadata().getNamespace(), policy.getMetadata().getName()), policy);
  }

  @Override
  public synchronized void delete(String namespace, String name) {
    policies.remove(key(namespace, name));
  }

  /** Every stored policy, as {@code <namespace>/<name>}. */
  public synchronized Set<String> names() {
    return Set.copyOf(policies.keySet());
  }
}
