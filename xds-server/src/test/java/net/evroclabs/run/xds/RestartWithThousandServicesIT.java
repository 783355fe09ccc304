package net.evroclabs.run.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.Resources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.evroclabs.run.api.Protocol;
import net.evroclabs.run.xds.Fixtures.Share;
import net.evroclabs.run.xds.server.XdsServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway that is already connecting while xds-server starts over 1,000 services gets, as its
 * very first response of every type, the complete configuration: never an empty or partial one.
 */
class RestartWithThousandServicesIT {

  private static final int SERVICES = 1000;

  private Emulator emulator;
  private XdsServerProcess process;
  private AdsClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (process != null) {
      process.close();
    }
    emulator.close();
  }

  @Test
  void theFirstConfigurationServedAfterAStartIsComplete() throws IOException {
    emulator = new Emulator();
    for (int i = 0; i < SERVICES; i++) {
      String name = "svc-" + i;
      String rev = name + "-00001";
      emulator.revision("team-a", name, rev, Fixtures.spec(8080, Protocol.HTTP1, 30));
      emulator.put(
          Fixtures.pod("team-a", rev, rev + "-a", "10.2." + (i / 250) + "." + (i % 250 + 1), true));
      emulator.put(Fixtures.service("team-a", name, 1, Share.of(rev, 100)));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    client =
        new AdsClient(
            port,
            "gw-early",
            "gateway",
            List.of(
                Resources.V3.CLUSTER_TYPE_URL,
                Resources.V3.ENDPOINT_TYPE_URL,
                Resources.V3.LISTENER_TYPE_URL,
                Resources.V3.ROUTE_TYPE_URL),
            r -> false);

    process =
        XdsServerProcess.start(
            new XdsServerConfig(
                XdsServerSettings.defaults().withListenAddress("127.0.0.1", port),
                "127.0.0.1",
                0,
                Duration.ofMillis(5),
                "run-system",
                "run-config",
                "app.kubernetes.io/name=activator",
                8012),
            emulator.client(),
            Clock.systemUTC());

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.accepted(Resources.V3.ROUTE_TYPE_URL) != null
                    && client.accepted(Resources.V3.CLUSTER_TYPE_URL) != null
                    && client.accepted(Resources.V3.ENDPOINT_TYPE_URL) != null);
    assertThat(client.received(Resources.V3.CLUSTER_TYPE_URL).getFirst().resources())
        .hasSize(SERVICES);
    assertThat(client.received(Resources.V3.ENDPOINT_TYPE_URL).getFirst().resources())
        .hasSize(SERVICES);
    assertThat(client.received(Resources.V3.ROUTE_TYPE_URL).getFirst().resources())
        .hasSize(SERVICES);
  }
}
