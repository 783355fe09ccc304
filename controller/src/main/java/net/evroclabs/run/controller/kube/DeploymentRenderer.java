package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;

/**
 * The Deployment of a Revision, exactly as DESIGN.md "Pods" says: the user container only, the
 * platform's env, a restricted non-root security context, no service-account token, an in-memory
 * {@code /tmp}, readiness and startup probes on the port, and a {@code preStop} drain. Pure.
 */
public final class DeploymentRenderer {

  /** The name of the user's container in every pod. */
  public static final String CONTAINER = "user-container";

  /** Seconds between probes. */
  static final int PROBE_PERIOD_SECONDS = 2;

  /** Seconds between SIGTERM and SIGKILL, after the preStop drain. */
  static final int SIGTERM_GRACE_SECONDS = 10;

  private DeploymentRenderer() {}

  /** The Deployment of {@code revision} with {@code replicas} instances. */
  public static Deployment render(Revision revision, int replicas, PlatformConfig config) {
    String namespace = revision.getMetadata().getNamespace();
    String name = revision.getMetadata().getName();
    String service = revision.getMetadata().getLabels().get(Labels.SERVICE);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.SERVICE, service);
    labels.put(Labels.REVISION, name);
    labels.put(Labels.MANAGED_BY, Labels.MANAGER);
    long preStop = config.preStopDelay().toSeconds();
    int deadlineSeconds = (int) config.progressDeadline().toSeconds();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(Service.GROUP + "/" + Service.VERSION)
                .withKind("Revision")
                .withName(name)
                .withUid(revision.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(deadlineSeconds)
        .withRevisionHistoryLimit(0)
        .withNewSelector()
        .withMatchLabels(Map.of(Labels.REVISION, name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(preStop + SIGTERM_GRACE_SECONDS)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(revision, service, config))
        .addNewVolume()
        .withName("scratch")
        .withNewEmptyDir()
        .withMedium("Memory")
        .withSizeLimit(new Quantity(config.scratchSizeLimit()))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(Revision revision, String service, PlatformConfig config) {
    ContainerSpec c = revision.getSpec().getContainer();
    int port = c.getPort() == null ? Defaulting.DEFAULT_PORT : c.getPort();
    Protocol protocol = c.getProtocol() == null ? Protocol.HTTP1 : c.getProtocol();
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", new Quantity(config.defaultResources().cpu()));
    resources.put("memory", new Quantity(config.defaultResources().memory()));
    int startupFailures =
        (int) Math.max(1, config.progressDeadline().toSeconds() / PROBE_PERIOD_SECONDS);
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(c.getImage())
        .withCommand(c.getCommand() == null ? List.of() : c.getCommand())
        .withArgs(c.getArgs() == null ? List.of() : c.getArgs())
        .addNewPort()
        .withName(protocol.wire())
        .withContainerPort(port)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(revision, service, port))
        .withNewResources()
        .withRequests(resources)
        .withLimits(resources)
        .endResources()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withReadinessProbe(probe(c, port, 3))
        .withStartupProbe(probe(c, port, startupFailures))
        .withNewLifecycle()
        .withNewPreStop()
        .withNewSleep()
        .withSeconds(config.preStopDelay().toSeconds())
        .endSleep()
        .endPreStop()
        .endLifecycle()
        .addNewVolumeMount()
        .withName("scratch")
        .withMountPath("/tmp")
        .endVolumeMount()
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  private static List<EnvVar> env(Revision revision, String service, int port) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("PORT", String.valueOf(port), null));
    env.add(new EnvVar("K_SERVICE", service, null));
    env.add(new EnvVar("K_REVISION", revision.getMetadata().getName(), null));
    env.add(new EnvVar("K_CONFIGURATION", service, null));
    List<net.evroclabs.run.api.EnvVar> user = revision.getSpec().getContainer().getEnv();
    if (user != null) {
      for (net.evroclabs.run.api.EnvVar e : user) {
        env.add(new EnvVar(e.getName(), e.getValue() == null ? "" : e.getValue(), null));
      }
    }
    return env;
  }

  private static Probe probe(ContainerSpec c, int port, int failureThreshold) {
    ProbeBuilder b =
        new ProbeBuilder()
            .withPeriodSeconds(PROBE_PERIOD_SECONDS)
            .withTimeoutSeconds(1)
            .withSuccessThreshold(1)
            .withFailureThreshold(failureThreshold);
    if (c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null) {
      String path = c.getReadinessProbe().getHttpGet().getPath();
      b.withNewHttpGet()
          .withPath(path == null ? "/" : path)
          .withPort(new IntOrString(port))
          .endHttpGet();
    } else {
      b.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket();
    }
    return b.build();
  }
}
