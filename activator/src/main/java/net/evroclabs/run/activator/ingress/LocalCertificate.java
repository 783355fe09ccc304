package net.evroclabs.run.activator.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress's self-signed wildcard certificate, kept in a PKCS12 keystore made with the JDK's
 * {@code keytool}: created on first start, reused afterwards, recreated when unreadable.
 */
public final class LocalCertificate {

  /** File name of the keystore inside the certificate directory. */
  public static final String FILE = "ingress.p12";

  /** Password of the keystore and of its key. */
  public static final String PASSWORD = "changeit";

  /** Alias of the key entry. */
  public static final String ALIAS = "ingress";

  private static final Logger LOG = LoggerFactory.getLogger(LocalCertificate.class);

  private LocalCertificate() {}

  /**
   * The keystore {@code <dir>/ingress.p12} for {@code *.<domain>} and {@code <domain>}, created if
   * missing or unreadable.
   */
  public static Path ensure(Path dir, String domain) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      try {
        load(file);
        return file;
      } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
        LOG.warn("ingress keystore {} is unreadable ({}); creating a new one", file, e.toString());
        Files.delete(file);
      }
    }
    Files.createDirectories(dir);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-validity",
            "825",
            "-dname",
            "CN=*." + domain,
            "-ext",
            "SAN=dns:*." + domain + ",dns:" + domain,
            "-storetype",
            "PKCS12",
            "-keystore",
            file.toString(),
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
    if (p.exitValue() != 0 || !Files.exists(file)) {
      throw new IOException(
          "keytool failed with exit code " + p.exitValue() + ": " + output.trim());
    }
    LOG.info("created ingress certificate for *.{} in {}", domain, file);
    return file;
  }

  /** Loads the keystore written by {@link #ensure}. */
  public static KeyStore load(Path file)
      throws IOException, java.security.GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    if (!ks.isKeyEntry(ALIAS)) {
      throw new java.security.KeyStoreException("no key entry '" + ALIAS + "'");
    }
    return ks;
  }

  /**
   * A client TLS context that trusts exactly the certificate in {@code file} (written by {@link
   * #ensure}): what a program on this machine uses to call the local ingress without trusting
   * anything else.
   */
  public static SSLContext trustingContext(Path file)
      throws IOException, java.security.GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry(ALIAS, load(file).getCertificate(ALIAS));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
