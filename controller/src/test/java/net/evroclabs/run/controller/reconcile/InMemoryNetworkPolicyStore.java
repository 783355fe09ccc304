package net.evroclabs.run.controller.reconcile;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.evroclabs.run.controller.MemoryNetworkPolicyStore;
import net.evroclabs.run.controller.NetworkPolicyStore;

/** The in-memory store, with a log of every write, for tests. */
final class InMemoryNetworkPolicyStore implements NetworkPolicyStore {

  private final MemoryNetworkPolicyStore store = new MemoryNetworkPolicyStore();
  final List<String> writes = new CopyOnWriteArrayList<>();

  @Override
  public Map<String, NetworkPolicy> managed(String namespace) {
    return store.managed(namespace);
  }

  @Override
  public Set<String> namespaces() {
    return store.namespaces();
  }

  @Override
  public void apply(NetworkPolicy policy) {
    writes.add(
        "apply " + policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName());
    store.apply(policy);
  }

  @Override
  public void delete(String namespace, String name) {
    writes.add("delete " + namespace + "/" + name);
    store.delete(namespace, name);
  }

  Set<String> names() {
    return store.names();
  }
}
