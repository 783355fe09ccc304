package net.evroclabs.run.controller.reconcile;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.controller.NetworkPolicyStore;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.controller.ServiceStore;
import net.evroclabs.run.networkpolicy.PolicyChanges;
import net.evroclabs.run.networkpolicy.RevisionPort;
import net.evroclabs.run.networkpolicy.TenantNamespace;
import net.evroclabs.run.networkpolicy.TenantPolicies;
import net.evroclabs.run.networkpolicy.TenantSources;

/**
 * Keeps one namespace isolated: while it holds a Service, its workloads get no egress and accept
 * only the gateway and the activator on each revision's port; once it holds none, the policies go.
 * Writes only what differs.
 */
public final class TenantIsolationReconciler {

  private final ServiceStore store;
  private final NetworkPolicyStore policies;
  private final TenantSources sources;

  public TenantIsolationReconciler(
      ServiceStore store, NetworkPolicyStore policies, TenantSources sources) {
    this.store = store;
    this.policies = policies;
    this.sources = sources;
  }

  public Outcome reconcile(String namespace) {
    boolean holdsServices =
        store.serviceKeys().stream().anyMatch(k -> k.namespace().equals(namespace));
    List<NetworkPolicy> desired =
        holdsServices
            ? TenantPolicies.build(sources, new TenantNamespace(namespace, ports(namespace)))
            : List.of();
    Map<String, NetworkPolicy> existing = policies.managed(namespace);
    PolicyChanges changes = PolicyChanges.between(desired, existing.keySet());
    for (NetworkPolicy policy : changes.apply()) {
      NetworkPolicy current = existing.get(policy.getMetadata().getName());
      if (current == null
          || !Objects.equals(current.getSpec(), policy.getSpec())
          || !Objects.equals(current.getMetadata().getLabels(), policy.getMetadata().getLabels())) {
        policies.apply(policy);
      }
    }
    for (String name : changes.delete()) {
      policies.delete(namespace, name);
    }
    return Outcome.done();
  }

  private List<RevisionPort> ports(String namespace) {
    List<RevisionPort> ports = new ArrayList<>();
    for (ResourceKey key : store.revisionKeys()) {
      if (!key.namespace().equals(namespace)) {
        continue;
      }
      store.revision(key).ifPresent(r -> ports.add(new RevisionPort(key.name(), port(r))));
    }
    ports.sort(Comparator.comparing(RevisionPort::revision));
    return ports;
  }

  private static int port(Revision revision) {
    ContainerSpec c = revision.getSpec() == null ? null : revision.getSpec().getContainer();
    return c == null || c.getPort() == null ? Defaulting.DEFAULT_PORT : c.getPort();
  }
}
