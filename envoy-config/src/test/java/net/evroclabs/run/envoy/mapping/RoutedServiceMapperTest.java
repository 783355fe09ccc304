package net.evroclabs.run.envoy.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.ContainerSpec;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.api.TrafficTarget;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.RevisionRoute;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.TagRoute;
import net.evroclabs.run.envoy.model.UpstreamProtocol;
import org.junit.jupiter.api.Test;

class RoutedServiceMapperTest {

  private final PlatformConfig config = PlatformConfig.defaults().withDomain("run.example.net");

  private static Service service(List<TrafficTarget> traffic) {
    Service s = new Service();
    s.setMetadata(
        new ObjectMetaBuilder().withNamespace("team-a").withName("hello").withUid("u-1").build());
    ServiceSpec spec = new ServiceSpec();
    RevisionTemplate template = new RevisionTemplate();
    ContainerSpec container = new ContainerSpec();
    container.setImage("registry.example/hello:1.0");
    container.setProtocol(Protocol.H2C);
    template.setContainer(container);
    template.setTimeoutSeconds(30);
    template.setContainerConcurrency(4);
    spec.setTemplate(template);
    spec.setTraffic(traffic);
    s.setSpec(spec);
    return s;
  }

  private static RevisionTemplate oldTemplate() {
    RevisionTemplate t = new RevisionTemplate();
    t.setContainer(new ContainerSpec());
    return t;
  }

  @Test
  void latestTargetsGoToTheLatestReadyRevisionAndTagsGetTheirOwnHosts() {
    Service s =
        service(
            List.of(
                TrafficTarget.latest(90),
                TrafficTarget.pinned("hello-00001", 10).withTag("previous")));
    List<Endpoint> pods = List.of(Endpoint.parse("10.0.0.9:8080"));

    RoutedService routed =
        RoutedServiceMapper.map(
            s,
            config,
            "hello-00002",
            Map.of("hello-00002", s.getSpec().getTemplate(), "hello-00001", oldTemplate()),
            Map.of("team-a/hello-00002", pods));

    String iid = Naming.iid("u-1");
    assertThat(routed)
        .isEqualTo(
            new RoutedService(
                "team-a",
                "hello",
                "svc-" + iid + ".run.example.net",
                List.of(
                    new net.evroclabs.run.envoy.model.TrafficTarget("hello-00002", 90),
                    new net.evroclabs.run.envoy.model.TrafficTarget("hello-00001", 10)),
                List.of(
                    new TagRoute(
                        "previous", "previous-svc-" + iid + ".run.example.net", "hello-00001")),
                List.of(
                    new RevisionRoute("hello-00002", UpstreamProtocol.H2C, 30, 4, pods),
                    new RevisionRoute("hello-00001", UpstreamProtocol.HTTP1, 300, 0, List.of()))));
  }

  @Test
  void noTrafficMeansAllOfItToTheLatestReadyRevision() {
    Service s = service(null);

    RoutedService routed =
        RoutedServiceMapper.map(
            s, config, "hello-00003", Map.of("hello-00003", s.getSpec().getTemplate()), Map.of());

    assertThat(routed.traffic())
        .containsExactly(new net.evroclabs.run.envoy.model.TrafficTarget("hello-00003", 100));
  }

  @Test
  void aPinnedRevisionThatDoesNotExistIsNamedInTheError() {
    Service s = service(List.of(TrafficTarget.pinned("hello-00007", 100)));

    assertThatThrownBy(
            () ->
                RoutedServiceMapper.map(
                    s, config, "hello-00002", Map.of("hello-00002", oldTemplate()), Map.of()))
        .hasMessage(
            "spec.traffic of service team-a/hello names revision 'hello-00007', which does not"
                + " exist");
  }

  @Test
  void followingTheLatestRevisionBeforeAnyIsReadyIsAnError() {
    Service s = service(List.of(TrafficTarget.latest(100)));

    assertThatThrownBy(() -> RoutedServiceMapper.map(s, config, null, Map.of(), Map.of()))
        .hasMessageContaining("no revision is ready yet");
  }
}
