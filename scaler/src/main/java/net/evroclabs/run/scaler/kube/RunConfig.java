package net.evroclabs.run.scaler.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.PlatformConfigParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the platform config (autoscaling defaults among it) from the {@code run-config} map. */
public final class RunConfig {

  public static final String NAME = "run-config";
  private static final Logger LOG = LoggerFactory.getLogger(RunConfig.class);

  private RunConfig() {}

  /**
   * The parsed {@code run-config} ConfigMap in {@code namespace}, or the defaults when there is
   * none.
   *
   * @throws IllegalArgumentException when a key or value is bad (the message names it)
   */
  public static PlatformConfig read(KubernetesClient client, String namespace) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(NAME).get();
    if (map == null) {
      LOG.warn("no ConfigMap {}/{}: using the platform defaults", namespace, NAME);
      return PlatformConfig.defaults();
    }
    Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
    return PlatformConfigParser.parse(data);
  }
}
