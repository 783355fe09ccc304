package net.evroclabs.run.networkpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to do in one namespace to reach the desired policies: apply every desired policy
 * (server-side apply creates or updates it) and delete the managed ones no longer desired.
 *
 * @param apply the desired policies
 * @param delete names of existing managed policies to delete, sorted
 */
public record PolicyChanges(List<NetworkPolicy> apply, List<String> delete) {

  public PolicyChanges {
    apply = List.copyOf(apply);
    delete = List.copyOf(delete);
  }

  /**
   * @param desired the namespace's policies, from {@link TenantPolicies}
   * @param existingManaged names of the policies in the namespace labelled {@code
   *     app.kubernetes.io/managed-by: evroc-run}
   */
  public static PolicyChanges between(List<NetworkPolicy> desired, Set<String> existingManaged) {
    Set<String> desiredNames =
        desired.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    List<String> delete =
        existingManaged.stream().filter(name -> !desiredNames.contains(name)).sorted().toList();
    return new PolicyChanges(desired, delete);
  }
}
