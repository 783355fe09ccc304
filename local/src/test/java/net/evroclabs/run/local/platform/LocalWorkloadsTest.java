package net.evroclabs.run.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.EnvVar;
import net.evroclabs.run.api.HttpGetAction;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Probe;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.local.process.InstanceSpec;
import org.junit.jupiter.api.Test;

class LocalWorkloadsTest {

  private static Revision revision(ContainerSpec c) {
    Revision r = new Revision();
    r.getMetadata().setNamespace("team-a");
    r.getMetadata().setName("hello-00003");
    r.getMetadata().setLabels(Map.of(Labels.SERVICE, "hello"));
    RevisionSpec spec = new RevisionSpec();
    spec.setContainer(c);
    r.setSpec(spec);
    return r;
  }

  @Test
  void anInstanceRunsTheCommandAndArgsWithTheEnvAndTheProbe() {
    ContainerSpec c = new ContainerSpec();
    c.setImage("local/hello");
    c.setCommand(List.of("java", "-jar"));
    c.setArgs(List.of("hello.jar"));
    EnvVar e = new EnvVar();
    e.setName("HELLO");
    e.setValue("world");
    c.setEnv(List.of(e));
    Probe p = new Probe();
    HttpGetAction get = new HttpGetAction();
    get.setPath("/healthz");
    p.setHttpGet(get);
    c.setReadinessProbe(p);

    InstanceSpec spec = (InstanceSpec) LocalWorkloads.instanceSpec(revision(c));

    assertThat(spec.command()).containsExactly("java", "-jar", "hello.jar");
    assertThat(spec.env()).containsEntry("HELLO", "world");
    assertThat(spec.readiness()).isEqualTo(new InstanceSpec.Readiness.HttpGet("/healthz"));
    assertThat(spec.service()).isEqualTo("hello");
    assertThat(spec.key()).isEqualTo("team-a/hello-00003");
  }

  @Test
  void aRevisionWithoutACommandIsToldThatLocalModeRunsCommands() {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:1.0");

    Object result = LocalWorkloads.instanceSpec(revision(c));

    assertThat(result)
        .asString()
        .contains("spec.template.container.command")
        .contains("local mode runs commands")
        .contains("registry.example/hello:1.0");
  }
}
