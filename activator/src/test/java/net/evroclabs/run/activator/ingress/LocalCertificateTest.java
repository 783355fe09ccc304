package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
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
}
