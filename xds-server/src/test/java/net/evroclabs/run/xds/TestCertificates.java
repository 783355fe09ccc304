package net.evroclabs.run.xds;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority for tests: issues server and client certificates as PEM files. */
final class TestCertificates {

  /** PEM files of one issued certificate and its key. */
  record Issued(Path certificate, Path privateKey) {}

  private static final AtomicLong SERIAL = new AtomicLong(1);

  private final Path dir;
  private final String name;
  private final KeyPair caKey;
  private final X509CertificateHolder caCert;
  private final Path caFile;

  TestCertificates(Path dir, String name) {
    try {
      this.dir = dir;
      this.name = name;
      this.caKey = keyPair();
      X500Name subject = new X500Name("CN=" + name);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject, serial(), from(), until(), subject, caKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      this.caCert =
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
      this.caFile = write(name + "-ca.pem", caCert);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the test CA " + name, e);
    }
  }

  Path caFile() {
    return caFile;
  }

  /** A certificate for {@code cn}, valid for 127.0.0.1 and localhost, signed by this CA. */
  Issued issue(String cn) {
    try {
      KeyPair key = keyPair();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              caCert.getSubject(),
              serial(),
              from(),
              until(),
              new X500Name("CN=" + cn),
              key.getPublic());
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      X509CertificateHolder cert =
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
      Path certFile = write(name + "-" + cn + ".pem", cert);
      Path keyFile =
          write(name + "-" + cn + "-key.pem", new JcaPKCS8Generator(key.getPrivate(), null));
      return new Issued(certFile, keyFile);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue a test certificate for " + cn, e);
    }
  }

  private Path write(String file, Object pem) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Files.writeString(dir.resolve(file), out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.getAndIncrement());
  }

  private static Date from() {
    return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
  }

  private static Date until() {
    return Date.from(Instant.now().plus(Duration.ofDays(1)));
  }
}
