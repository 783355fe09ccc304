package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/** Lets the gateway and the activator, and nothing else, reach one revision's container port. */
public final class RevisionIngress {

  public static final String NAME_PREFIX = "run-revision-";

  private RevisionIngress() {}

  public static String name(String revision) {
    return NAME_PREFIX + revision;
  }

  public static NetworkPolicy build(
      SystemTopology system, String namespace, RevisionPort revision) {
    return build(TenantSources.of(system), namespace, revision);
  }

  public static NetworkPolicy build(
      TenantSources sources, String namespace, RevisionPort revision) {
    return new NetworkPolicyBuilder()
        .withMetadata(
            PolicyParts.metadata(name(revision.revision()), namespace, PolicyParts.SCOPE_TENANT))
        .withNewSpec()
        .withPodSelector(PolicyParts.revisionPods(revision.revision()))
        .withPolicyTypes(PolicyParts.INGRESS)
        .addNewIngress()
        .withFrom(
            PolicyParts.systemComponent(sources.systemNamespace(), sources.gateway()),
            PolicyParts.systemComponent(sources.systemNamespace(), sources.activator()))
        .withPorts(PolicyParts.tcp(revision.containerPort()))
        .endIngress()
        .endSpec()
        .build();
  }
}
