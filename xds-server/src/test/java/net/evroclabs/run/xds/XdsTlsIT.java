package net.evroclabs.run.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.activator.Activator;
import net.evroclabs.run.activator.ActivatorConfig;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.Versions;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.server.XdsGrpcServer;
import net.evroclabs.run.xds.server.XdsServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the xDS port: only clients with a certificate from the configured CA connect, the
 * activator among them, and the activator only trusts a server with a certificate from its CA. The
 * in-process server, for clients in the same JVM, serves the same streams.
 */
class XdsTlsIT {

  @TempDir Path dir;

  private final String inProcessName = "xds-tls-it-" + java.util.UUID.randomUUID();

  private TestCertificates ours;
  private XdsGrpcServer server;

  @BeforeEach
  void start() {
    ours = new TestCertificates(dir, "run");
    TestCertificates.Issued serverCert = ours.issue("xds-server");
    Versions versions = new Versions("tls");
    XdsCache cache = new XdsCache();
    XdsStreams streams = new XdsStreams();
    GroupResources oneCluster =
        new GroupResources(
            List.of(Cluster.newBuilder().setName("team-a/hello-00001").build()),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    cache.publish(
        Map.of(
            NodeGroup.GATEWAY,
            GroupSnapshot.empty(NodeGroup.GATEWAY, versions).next(oneCluster, 1, versions),
            NodeGroup.ACTIVATOR,
            GroupSnapshot.empty(NodeGroup.ACTIVATOR, versions).next(oneCluster, 1, versions)));
    server =
        XdsGrpcServer.start(
            XdsServerSettings.defaults()
                .withListenAddress("127.0.0.1", 0)
                .withTls(
                    new XdsServerSettings.Tls(
                        serverCert.certificate(), serverCert.privateKey(), ours.caFile()))
                .withInProcessName(inProcessName),
            cache,
            streams,
            versions);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientWithACertificateFromTheClientCaGetsItsConfiguration() throws Exception {
    TestCertificates.Issued gateway = ours.issue("gateway");

    DiscoveryResponse response =
        fetchClusters(
            GrpcSslContexts.forClient()
                .trustManager(ours.caFile().toFile())
                .keyManager(gateway.certificate().toFile(), gateway.privateKey().toFile()));

    assertThat(response.getResources(0).unpack(Cluster.class).getName())
        .isEqualTo("team-a/hello-00001");
  }

  @Test
  void aClientWithoutACertificateIsRefused() {
    assertThatThrownBy(
            () -> fetchClusters(GrpcSslContexts.forClient().trustManager(ours.caFile().toFile())))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void aClientWithACertificateFromAnotherCaIsRefused() {
    TestCertificates.Issued stranger = new TestCertificates(dir, "other").issue("gateway");

    assertThatThrownBy(
            () ->
                fetchClusters(
                    GrpcSslContexts.forClient()
                        .trustManager(ours.caFile().toFile())
                        .keyManager(
                            stranger.certificate().toFile(), stranger.privateKey().toFile())))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void aClientInTheSameProcessIsServedInProcess() throws Exception {
    ManagedChannel channel = InProcessChannelBuilder.forName(inProcessName).build();
    try {
      DiscoveryResponse response = fetchClusters(channel);

      assertThat(response.getResources(0).unpack(Cluster.class).getName())
          .isEqualTo("team-a/hello-00001");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aPlainTextClientIsRefused() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      assertThatThrownBy(() -> fetchClusters(channel)).isInstanceOf(ExecutionException.class);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void theActivatorWithItsCertificateLearnsItsRevisionsOverMutualTls() throws Exception {
    TestCertificates.Issued cert = ours.issue("activator");
    ActivatorConfig config =
        ActivatorConfig.defaults()
            .onLoopback("127.0.0.1", server.port(), URI.create("http://127.0.0.1:1"))
            .withXdsTls(
                new ActivatorConfig.XdsTls(cert.certificate(), cert.privateKey(), ours.caFile()));

    try (Activator activator = Activator.start(config)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> activator.registry().find("team-a/hello-00001") != null);
    }
  }

  @Test
  void theActivatorRefusesAServerWhoseCertificateIsNotFromItsCa() {
    TestCertificates.Issued cert = ours.issue("activator");
    Path otherCa = new TestCertificates(dir, "other").caFile();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1",
                server.port(),
                Activator.xdsCredentials(
                    new ActivatorConfig.XdsTls(cert.certificate(), cert.privateKey(), otherCa)))
            .build();
    try {
      assertThatThrownBy(() -> fetchClusters(channel)).isInstanceOf(ExecutionException.class);
    } finally {
      channel.shutdownNow();
    }
  }

  private DiscoveryResponse fetchClusters(SslContextBuilder ssl) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).sslContext(ssl.build()).build();
    try {
      return fetchClusters(channel);
    } finally {
      channel.shutdownNow();
    }
  }

  private static DiscoveryResponse fetchClusters(ManagedChannel channel) throws Exception {
    CompletableFuture<DiscoveryResponse> first = new CompletableFuture<>();
    StreamObserver<DiscoveryRequest> requests =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse r) {
                    first.complete(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    first.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    first.completeExceptionally(new IllegalStateException("stream completed"));
                  }
                });
    requests.onNext(
        DiscoveryRequest.newBuilder()
            .setNode(Node.newBuilder().setId("gw-1").setCluster("gateway"))
            .setTypeUrl(Resources.V3.CLUSTER_TYPE_URL)
            .build());
    try {
      return first.get(20, TimeUnit.SECONDS);
    } finally {
      requests.onCompleted();
    }
  }
}
