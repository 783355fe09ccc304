package net.evroclabs.run.xds.pipeline;

import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.model.TlsCertificate;

/** One observed change of the cluster state, as the informers hand it to the pipeline. */
public sealed interface Change {

  record ServiceUpserted(Service service) implements Change {}

  record ServiceDeleted(String namespace, String name) implements Change {}

  /**
   * @param service the owning service (label {@code run.evroclabs.net/service})
   */
  record RevisionUpserted(String namespace, String name, String service, RevisionSpec spec)
      implements Change {}

  record RevisionDeleted(String namespace, String name) implements Change {}

  /**
   * @param revision the pod's revision (label {@code run.evroclabs.net/revision})
   * @param readyAddress its IP when ready and not terminating, else null; {@code [ip]:port} when it
   *     listens on a port of its own rather than the revision's container port
   */
  record PodUpserted(String namespace, String name, String revision, String readyAddress)
      implements Change {}

  record PodDeleted(String namespace, String name) implements Change {}

  /**
   * @param readyAddress the activator pod's IP when ready and not terminating, else null
   */
  record ActivatorUpserted(String name, String readyAddress) implements Change {}

  record ActivatorDeleted(String name) implements Change {}

  record ConfigChanged(PlatformConfig config) implements Change {}

  /**
   * @param certificate the wildcard certificate, or null when its Secret is missing or unusable
   */
  record CertificateChanged(TlsCertificate certificate) implements Change {}

  /**
   * A gateway rejected the routes of {@code generation} of the service {@code key} ({@code
   * namespace/name}): the service is served as it was before that generation until it changes.
   */
  record RoutesRejected(String key, long generation) implements Change {}

  /** Every informer has listed its objects: the state is complete and may be served. */
  record Synced() implements Change {}
}
