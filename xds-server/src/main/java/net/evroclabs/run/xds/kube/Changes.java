package net.evroclabs.run.xds.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.model.TlsCertificate;
import net.evroclabs.run.xds.pipeline.Change;
import net.evroclabs.run.xds.routing.PodReadiness;

/** Kubernetes objects as pipeline changes. Pure. */
public final class Changes {

  private Changes() {}

  public static Change service(Service s) {
    return new Change.ServiceUpserted(s);
  }

  public static Change serviceDeleted(Service s) {
    return new Change.ServiceDeleted(s.getMetadata().getNamespace(), s.getMetadata().getName());
  }

  /** A revision's change; null when it lacks its service label. */
  public static Change revision(Revision r) {
    Map<String, String> labels = r.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(Labels.SERVICE);
    if (service == null) {
      return null;
    }
    return new Change.RevisionUpserted(
        r.getMetadata().getNamespace(), r.getMetadata().getName(), service, r.getSpec());
  }

  public static Change revisionDeleted(Revision r) {
    return new Change.RevisionDeleted(r.getMetadata().getNamespace(), r.getMetadata().getName());
  }

  /** A revision pod's change; null when it lacks its revision label. */
  public static Change pod(Pod p) {
    Map<String, String> labels = p.getMetadata().getLabels();
    String revision = labels == null ? null : labels.get(Labels.REVISION);
    if (revision == null) {
      return null;
    }
    return new Change.PodUpserted(
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        revision,
        PodReadiness.readyAddress(p));
  }

  public static Change podDeleted(Pod p) {
    return new Change.PodDeleted(p.getMetadata().getNamespace(), p.getMetadata().getName());
  }

  public static Change activator(Pod p) {
    return new Change.ActivatorUpserted(p.getMetadata().getName(), PodReadiness.readyAddress(p));
  }

  public static Change activatorDeleted(Pod p) {
    return new Change.ActivatorDeleted(p.getMetadata().getName());
  }

  /**
   * The wildcard certificate from a {@code kubernetes.io/tls} Secret, or null when it lacks {@code
   * tls.crt} or {@code tls.key}.
   */
  public static TlsCertificate certificate(Secret secret, String sdsName) {
    if (secret == null) {
      return null;
    }
    String crt = decoded(secret, "tls.crt");
    String key = decoded(secret, "tls.key");
    if (crt == null || key == null) {
      return null;
    }
    return new TlsCertificate(sdsName, crt, key);
  }

  private static String decoded(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(key);
    }
    return null;
  }
}
