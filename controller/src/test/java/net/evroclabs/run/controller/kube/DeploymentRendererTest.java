package net.evroclabs.run.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.EnvVar;
import net.evroclabs.run.api.HttpGetAction;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Probe;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import org.junit.jupiter.api.Test;

class DeploymentRendererTest {

  private static Revision revision(ContainerSpec container) {
    RevisionSpec spec = new RevisionSpec();
    spec.setContainer(container);
    spec.setTimeoutSeconds(300);
    spec.setContainerConcurrency(0);
    Revision r = new Revision();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello-00002")
            .withNamespace("team-a")
            .withUid("0b9c3a36-1111-2222-3333-444455556666")
            .withLabels(Map.of(Labels.SERVICE, "hello", Labels.REVISION, "hello-00002"))
            .build());
    r.setSpec(spec);
    return r;
  }

  private static Deployment yaml(String text) {
    return Serialization.unmarshal(text, Deployment.class);
  }

  @Test
  void rendersThePodContractWithTcpReadinessByDefault() {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:2.0");
    c.setArgs(List.of("--greeting", "hi"));
    c.setEnv(List.of(new EnvVar("HELLO", "world")));
    c.setPort(8080);
    c.setProtocol(Protocol.HTTP1);

    Deployment d = DeploymentRenderer.render(revision(c), 1, PlatformConfig.defaults());

    assertThat(d)
        .isEqualTo(
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: hello-00002
                  namespace: team-a
                  labels:
                    run.evroclabs.net/service: hello
                    run.evroclabs.net/revision: hello-00002
                    app.kubernetes.io/managed-by: evroc-run
                  ownerReferences:
                  - apiVersion: run.evroclabs.net/v1alpha1
                    kind: Revision
                    name: hello-00002
                    uid: 0b9c3a36-1111-2222-3333-444455556666
                    controller: true
                    blockOwnerDeletion: true
                spec:
                  replicas: 1
                  progressDeadlineSeconds: 240
                  revisionHistoryLimit: 0
                  selector:
                    matchLabels:
                      run.evroclabs.net/revision: hello-00002
                  template:
                    metadata:
                      labels:
                        run.evroclabs.net/service: hello
                        run.evroclabs.net/revision: hello-00002
                        app.kubernetes.io/managed-by: evroc-run
                    spec:
                      automountServiceAccountToken: false
                      enableServiceLinks: false
                      terminationGracePeriodSeconds: 15
                      securityContext:
                        runAsNonRoot: true
                        seccompProfile:
                          type: RuntimeDefault
                      containers:
                      - name: user-container
                        image: registry.example/hello:2.0
                        command: []
                        args: ["--greeting", "hi"]
                        ports:
                        - name: http1
                          containerPort: 8080
                          protocol: TCP
                        env:
                        - {name: PORT, value: "8080"}
                        - {name: K_SERVICE, value: hello}
                        - {name: K_REVISION, value: hello-00002}
                        - {name: K_CONFIGURATION, value: hello}
                        - {name: HELLO, value: world}
                        resources:
                          requests: {cpu: 250m, memory: 512Mi}
                          limits: {cpu: 250m, memory: 512Mi}
                        securityContext:
                          runAsNonRoot: true
                          allowPrivilegeEscalation: false
                          capabilities:
                            drop: [ALL]
                          seccompProfile:
                            type: RuntimeDefault
                        readinessProbe:
                          tcpSocket: {port: 8080}
                          periodSeconds: 2
                          timeoutSeconds: 1
                          successThreshold: 1
                          failureThreshold: 3
                        startupProbe:
                          tcpSocket: {port: 8080}
                          periodSeconds: 2
                          timeoutSeconds: 1
                          successThreshold: 1
                          failureThreshold: 120
                        lifecycle:
                          preStop:
                            sleep: {seconds: 5}
                        volumeMounts:
                        - name: scratch
                          mountPath: /tmp
                        terminationMessagePolicy: FallbackToLogsOnError
                      volumes:
                      - name: scratch
                        emptyDir:
                          medium: Memory
                          sizeLimit: 256Mi
                """));
  }

  @Test
  void httpReadinessProbeAndStartupProbeUseThePathOnTheContainerPort() {
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/grpc:1.0");
    c.setCommand(List.of("/server"));
    c.setPort(9000);
    c.setProtocol(Protocol.H2C);
    c.setReadinessProbe(new Probe(new HttpGetAction("/healthz")));

    Deployment d = DeploymentRenderer.render(revision(c), 3, PlatformConfig.defaults());

    var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(container.getCommand()).containsExactly("/server");
    assertThat(container.getPorts().get(0).getName()).isEqualTo("h2c");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9000);
    assertThat(container.getEnv().get(0).getValue()).isEqualTo("9000");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9000);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getTcpSocket()).isNull();
  }

  @Test
  void gracePeriodIsThePreStopDelayPlusTenSecondsAndScratchFollowsPlatformConfig() {
    PlatformConfig d = PlatformConfig.defaults();
    PlatformConfig config =
        new PlatformConfig(
            d.domain(),
            d.domainTemplate(),
            d.tagTemplate(),
            d.tlsSecret(),
            d.reservedPorts(),
            new PlatformConfig.Resources("1", "1Gi"),
            d.maxResources(),
            "64Mi",
            d.autoscaling(),
            d.revisionHistoryLimit(),
            d.activatorQueueLimit(),
            java.time.Duration.ofSeconds(20),
            java.time.Duration.ofMinutes(10),
            d.workloadPodCidrs());
    ContainerSpec c = new ContainerSpec();
    c.setImage("registry.example/hello:2.0");

    Deployment dep = DeploymentRenderer.render(revision(c), 1, config);

    var pod = dep.getSpec().getTemplate().getSpec();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds())
        .isEqualTo(20L);
    assertThat(pod.getVolumes().get(0).getEmptyDir().getSizeLimit().toString()).isEqualTo("64Mi");
    assertThat(pod.getContainers().get(0).getResources().getLimits().get("memory").toString())
        .isEqualTo("1Gi");
    assertThat(pod.getContainers().get(0).getStartupProbe().getFailureThreshold()).isEqualTo(300);
    assertThat(dep.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
  }
}
