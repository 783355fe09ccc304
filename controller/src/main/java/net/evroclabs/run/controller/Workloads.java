package net.evroclabs.run.controller;

import java.util.Optional;
import net.evroclabs.run.api.Revision;

/**
 * Where revisions run: on Kubernetes, one Deployment per Revision. Replicas are set once, at
 * creation; after that only the scaler changes them, except that a failed revision is stopped.
 */
public interface Workloads {

  /**
   * Creates the revision's workload with {@code initialReplicas} instances unless it exists; an
   * existing workload is left as it is.
   */
  void ensure(Revision revision, int initialReplicas);

  /** The workload's current state, or empty when it does not exist (yet). */
  Optional<WorkloadObservation> observe(ResourceKey revision);

  /** Stops every instance of a failed revision. */
  void stop(ResourceKey revision);

  /** Removes the workload; a missing one is not an error. */
  void delete(ResourceKey revision);
}
