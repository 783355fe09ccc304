package net.evroclabs.run.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.evroclabs.run.activator.ActivatorConfig;
import net.evroclabs.run.scaler.ScalerConfig;
import net.evroclabs.run.xds.XdsServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each component's Deployment configures it with names and values its own config parser accepts,
 * and the ports it listens on are the ports the Deployment declares.
 */
class ComponentConfigTest {

  private static List<Deployment> deployments;

  @BeforeAll
  static void load() throws Exception {
    deployments = ManifestLoader.ofKind(ManifestLoader.all(), Deployment.class);
  }

  private static Container container(String name) {
    return deployments.stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  /** The environment the container gets; field references resolve to a sample pod's values. */
  static Map<String, String> env(Container c) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : c.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
        String path = e.getValueFrom().getFieldRef().getFieldPath();
        env.put(e.getName(), path.equals("metadata.namespace") ? "run-system" : "pod-0");
      }
    }
    return env;
  }

  private static Set<Integer> declaredPorts(Container c) {
    return Set.copyOf(c.getPorts().stream().map(p -> p.getContainerPort()).toList());
  }

  @Test
  void theActivatorAcceptsItsEnvironmentAndListensOnTheDeclaredPorts() {
    Container c = container("activator");
    Map<String, String> env = env(c);
    assertThat(env.keySet())
        .filteredOn(k -> !k.equals("JAVA_TOOL_OPTIONS"))
        .allMatch(k -> k.startsWith("RUN_ACTIVATOR_"));
    ActivatorConfig config = ActivatorConfig.from(env, new String[0]);
    assertThat(declaredPorts(c)).containsExactlyInAnyOrder(config.proxyPort(), config.adminPort());
    assertThat(config.scalerUrl().getPort())
        .isEqualTo(declaredPorts(container("scaler")).iterator().next());
    assertThat(config.xdsPort()).isIn(declaredPorts(container("xds-server")));
  }

  @Test
  void theXdsServerAcceptsItsEnvironmentAndListensOnTheDeclaredPorts() {
    Container c = container("xds-server");
    XdsServerConfig config = XdsServerConfig.fromEnv(env(c));
    assertThat(declaredPorts(c)).containsExactlyInAnyOrder(config.xds().port(), config.adminPort());
  }

  @Test
  void theScalerAcceptsItsEnvironmentAndListensOnTheDeclaredPort() {
    Container c = container("scaler");
    ScalerConfig config = ScalerConfig.fromEnv(env(c));
    assertThat(declaredPorts(c)).containsExactly(config.port());
    assertThat(config.prometheus().toString()).startsWith("http://prometheus.monitoring.svc");
  }
}
