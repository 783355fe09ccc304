package net.evroclabs.run.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {

  private static Revision revision() {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");
    RevisionSpec spec = new RevisionSpec();
    spec.setContainer(c);
    Revision r = new Revision();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello-00001")
            .withNamespace("team-a")
            .withUid("u1")
            .withLabels(Map.of(Labels.SERVICE, "hello"))
            .build());
    r.setSpec(spec);
    return r;
  }

  private static PlatformConfig withPreStop(Duration preStop) {
    PlatformConfig d = PlatformConfig.defaults();
    return new PlatformConfig(
        d.domain(),
        d.domainTemplate(),
        d.tagTemplate(),
        d.tlsSecret(),
        d.reservedPorts(),
        d.defaultResources(),
        d.maxResources(),
        d.scratchSizeLimit(),
        d.autoscaling(),
        d.revisionHistoryLimit(),
        d.activatorQueueLimit(),
        preStop,
        d.progressDeadline(),
        d.workloadPodCidrs());
  }

  @Test
  void theSameRevisionAndConfigGiveTheSameDigestWhateverTheReplicas() {
    String one =
        PodTemplateHash.of(DeploymentRenderer.render(revision(), 1, PlatformConfig.defaults()));
    String five =
        PodTemplateHash.of(DeploymentRenderer.render(revision(), 5, PlatformConfig.defaults()));

    assertThat(one).isEqualTo(five).hasSize(32);
  }

  @Test
  void aChangedPlatformConfigChangesTheDigest() {
    String before =
        PodTemplateHash.of(
            DeploymentRenderer.render(revision(), 1, withPreStop(Duration.ofSeconds(5))));
    String after =
        PodTemplateHash.of(
            DeploymentRenderer.render(revision(), 1, withPreStop(Duration.ofSeconds(8))));

    assertThat(after).isNotEqualTo(before);
  }
}
