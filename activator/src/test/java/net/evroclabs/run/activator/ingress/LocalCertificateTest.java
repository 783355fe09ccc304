package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateTest {

  @Test
  void createsReusesAndRecreates(@TempDir Path dir) throws Exception {
    Path tls = dir.resolve("tls");
    Path file = LocalCertificate.ensure(tls, "run.localhost");
    assertThat(file).isEqualTo(tls.resolve("ingress.p12")).exists();
    KeyStore ks = LocalCertificate.load(file);
    X509Certificate cert = (X509Certificate) ks.getCertificate(LocalCertificate.ALIAS);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=*.run.localhost");
    List<String> names =
        cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList();
    assertThat(names).containsExactlyInAnyOrder("*.run.localhost", "run.localhost");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");

    byte[] first = Files.readAllBytes(file);
    LocalCertificate.ensure(tls, "run.localhost");
    assertThat(Files.readAllBytes(file)).isEqualTo(first);

    Files.write(file, "garbage".getBytes());
    LocalCertificate.ensure(tls, "run.localhost");
    assertThat(LocalCertificate.load(file).isKeyEntry(LocalCertificate.ALIAS)).isTrue();
    assertThat(Files.readAllBytes(file)).isNotEqualTo(first);
    assertThat(List.of(file)).allMatch(Files::isRegularFile);
  }

  @Test
  void aTrustingContextTrustsThisCertificateAndNoOther(@TempDir Path dir) throws Exception {
    Path mine = LocalCertificate.ensure(dir.resolve("mine"), "run.localhost");
    Path other = LocalCertificate.ensure(dir.resolve("other"), "run.localhost");

    assertThat(handshakes(mine, LocalCertificate.trustingContext(mine))).isTrue();
    assertThat(handshakes(mine, LocalCertificate.trustingContext(other))).isFalse();
  }

  /**
   * Whether a client with {@code client} completes a TLS handshake with a server on {@code key}.
   */
  private static boolean handshakes(Path key, SSLContext client) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(LocalCertificate.load(key), LocalCertificate.PASSWORD.toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    try (SSLServerSocket listening =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> accepted =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                  s.startHandshake();
                } catch (IOException expectedWhenRefused) {
                  // the client refused the certificate
                }
              });
      try (SSLSocket s =
          (SSLSocket)
              client
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
        s.startHandshake();
        return true;
      } catch (SSLHandshakeException refused) {
        return false;
      } finally {
        accepted.get(10, TimeUnit.SECONDS);
      }
    }
  }
}
