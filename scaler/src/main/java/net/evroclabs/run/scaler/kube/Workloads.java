package net.evroclabs.run.scaler.kube;

import java.util.List;
import java.util.Optional;
import net.evroclabs.run.scaler.RevisionKey;

/**
 * What the scaler needs from the platform that runs the workloads: read revisions and their
 * replicas, set replicas, and record why. Kubernetes is one backend; local processes another.
 */
public interface Workloads {

  /** Every revision with a workload. */
  List<ScaledRevision> revisions();

  /** One revision, or empty when it does not exist (yet). */
  Optional<ScaledRevision> revision(RevisionKey key);

  /** Sets the desired replicas of the revision's workload. */
  void scale(RevisionKey key, int replicas);

  /** Records an event on the revision: a short reason and a message in words. */
  void record(RevisionKey key, String reason, String message);
}
