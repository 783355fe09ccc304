package net.evroclabs.run.envoy.translate;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import net.evroclabs.run.envoy.model.TlsCertificate;

/** The downstream TLS context (TLS 1.2–1.3, ALPN h2 and http/1.1, certificate over SDS). */
final class TlsFactory {

  static final String TRANSPORT_SOCKET = "envoy.transport_sockets.tls";

  private TlsFactory() {}

  static TransportSocket downstream(String secretName) {
    DownstreamTlsContext tls =
        DownstreamTlsContext.newBuilder()
            .setCommonTlsContext(
                CommonTlsContext.newBuilder()
                    .setTlsParams(
                        TlsParameters.newBuilder()
                            .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2)
                            .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3))
                    .addAlpnProtocols("h2")
                    .addAlpnProtocols("http/1.1")
                    .addTlsCertificateSdsSecretConfigs(
                        SdsSecretConfig.newBuilder()
                            .setName(secretName)
                            .setSdsConfig(Protos.ads())))
            .build();
    return TransportSocket.newBuilder()
        .setName(TRANSPORT_SOCKET)
        .setTypedConfig(Protos.any(tls))
        .build();
  }

  static Secret secret(TlsCertificate certificate) {
    return Secret.newBuilder()
        .setName(certificate.name())
        .setTlsCertificate(
            io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate.newBuilder()
                .setCertificateChain(
                    DataSource.newBuilder().setInlineString(certificate.certificateChainPem()))
                .setPrivateKey(
                    DataSource.newBuilder().setInlineString(certificate.privateKeyPem())))
        .build();
  }
}
