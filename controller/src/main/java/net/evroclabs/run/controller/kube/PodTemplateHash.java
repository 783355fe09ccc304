package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A digest of the pod template the controller rendered, recorded on the Deployment, so that a
 * changed platform config or an edited template is noticed without comparing against the fields the
 * API server fills in.
 */
final class PodTemplateHash {

  /** The annotation that records the digest on the Deployment. */
  static final String ANNOTATION = "run.evroclabs.net/pod-template-hash";

  private PodTemplateHash() {}

  /** The digest of {@code rendered}'s pod template and progress deadline. */
  static String of(Deployment rendered) {
    String json =
        Serialization.asJson(rendered.getSpec().getTemplate())
            + "|"
            + rendered.getSpec().getProgressDeadlineSeconds();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The digest recorded on {@code deployment}, or null. */
  static String recorded(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }
}
