package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.evroclabs.run.controller.NetworkPolicyStore;
import net.evroclabs.run.networkpolicy.PolicyParts;

/** Tenant NetworkPolicies through the API, selected by the platform's labels. */
final class KubeNetworkPolicyStore implements NetworkPolicyStore {

  private static final Map<String, String> TENANT_LABELS =
      Map.of(
          PolicyParts.MANAGED_BY_LABEL, PolicyParts.MANAGER,
          PolicyParts.SCOPE_LABEL, PolicyParts.SCOPE_TENANT);

  private final KubernetesClient client;

  KubeNetworkPolicyStore(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Map<String, NetworkPolicy> managed(String namespace) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(namespace)
        .withLabels(TENANT_LABELS)
        .list()
        .getItems()
        .stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
  }

  @Override
  public Set<String> namespaces() {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inAnyNamespace()
        .withLabels(TENANT_LABELS)
        .list()
        .getItems()
        .stream()
        .map(p -> p.getMetadata().getNamespace())
        .collect(Collectors.toSet());
  }

  @Override
  public void apply(NetworkPolicy policy) {
    client.resource(policy).createOr(NonDeletingOperation::update);
  }

  @Override
  public void delete(String namespace, String name) {
    client.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete();
  }
}
