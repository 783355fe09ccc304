package net.evroclabs.run.controller;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Set;

/** Where the tenant namespaces' isolation policies live. Only platform-managed ones are seen. */
public interface NetworkPolicyStore {

  /** The platform's tenant policies in {@code namespace}, by name. */
  Map<String, NetworkPolicy> managed(String namespace);

  /** Every namespace that holds platform tenant policies, so that emptied ones are pruned. */
  Set<String> namespaces();

  /** Creates the policy, or replaces the one of that name. */
  void apply(NetworkPolicy policy);

  /** Deletes a policy; a missing one is not an error. */
  void delete(String namespace, String name);
}
