package net.evroclabs.run.xds.routing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/** Whether a pod may receive traffic: Ready, not terminating, with an address. Pure. */
public final class PodReadiness {

  private PodReadiness() {}

  /** The pod's IP when it is ready and not terminating, else null. */
  public static String readyAddress(Pod pod) {
    if (pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
      return null;
    }
    if (pod.getStatus().getPodIP().isBlank()) {
      return null;
    }
    if (pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus()) ? pod.getStatus().getPodIP() : null;
      }
    }
    return null;
  }
}
