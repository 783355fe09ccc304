package net.evroclabs.run.controller.reconcile;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.evroclabs.run.controller.NetworkPolicyStore;

/** Policies in memory, with a log of every write, for tests. */
final class InMemoryNetworkPolicyStore implements NetworkPolicyStore {

  private final Map<String, NetworkPolicy> policies = new TreeMap<>();
  final List<String> writes = new ArrayList<>();

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public synchronized Map<String, NetworkPolicy> managed(String namespace) {
    return policies.entrySet().stream()
        .filter(e -> e.getKey().startsWith(namespace + "/"))
        .collect(Collectors.toMap(e -> e.getValue().getMetadata().getName(), Map.Entry::getValue));
  }

  @Override
  public synchronized Set<String> namespaces() {
    return policies.values().stream()
        .map(p -> p.getMetadata().getNamespace())
        .collect(Collectors.toSet());
  }

  @Override
  public synchronized void apply(NetworkPolicy policy) {
    String k = key(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    writes.add("apply " + k);
    policies.put(k, policy);
  }

  @Override
  public synchronized void delete(String namespace, String name) {
    writes.add("delete " + key(namespace, name));
    policies.remove(key(namespace, name));
  }

  synchronized Set<String> names() {
    return Set.copyOf(policies.keySet());
  }
}
