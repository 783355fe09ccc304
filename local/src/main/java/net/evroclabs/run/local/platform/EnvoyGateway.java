package net.evroclabs.run.local.platform;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.activator.ingress.LocalCertificate;
import net.evroclabs.run.envoy.bootstrap.BootstrapSettings;
import net.evroclabs.run.envoy.bootstrap.GatewayBootstrap;
import net.evroclabs.run.envoy.model.TlsCertificate;
import net.evroclabs.run.local.process.ProcessLauncher;

/**
 * Envoy as the local gateway, when an {@code envoy} binary is on {@code PATH} or named by {@code
 * ENVOY_BIN}: started with the cluster's gateway bootstrap against the in-process xDS server, it
 * serves the listeners gateways get (HTTP 8080 redirecting, HTTPS 8443) with the local self-signed
 * certificate over SDS. It dies with the platform, as instances do.
 */
final class EnvoyGateway implements AutoCloseable {

  private final Process process;

  private EnvoyGateway(Process process) {
    this.process = process;
  }

  /** The envoy binary: {@code ENVOY_BIN}, else {@code envoy} on {@code PATH}. */
  static Optional<Path> find(Map<String, String> env) {
    String bin = env.get("ENVOY_BIN");
    if (bin != null && !bin.isBlank()) {
      return Optional.of(Path.of(bin));
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "envoy"))) {
        return Optional.of(Path.of(dir, "envoy"));
      }
    }
    return Optional.empty();
  }

  /** Writes the bootstrap into {@code stateDir} and starts Envoy, its output in envoy.log. */
  static EnvoyGateway start(Path bin, int xdsPort, Path stateDir, ProcessLauncher launcher) {
    BootstrapSettings d = BootstrapSettings.defaults();
    BootstrapSettings settings =
        new BootstrapSettings(
            "local-gateway",
            "127.0.0.1",
            xdsPort,
            Optional.empty(),
            d.deltaXds(),
            freePort(),
            freePort(),
            d.maxHeapBytes(),
            d.maxDownstreamConnections());
    try {
      Path bootstrap = stateDir.resolve("envoy-bootstrap.yaml");
      Files.writeString(bootstrap, GatewayBootstrap.yaml(settings));
      return new EnvoyGateway(
          launcher.launch(
              List.of(
                  bin.toString(),
                  "-c",
                  bootstrap.toString(),
                  "--base-id",
                  Long.toString(ProcessHandle.current().pid())),
              Map.of(),
              stateDir.resolve("envoy.log")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + bin, e);
    }
  }

  /** The local wildcard certificate, in PEM, under the name the gateway's listener asks for. */
  static TlsCertificate certificate(Path certDir, String domain, String secretName)
      throws Exception {
    KeyStore ks = LocalCertificate.load(LocalCertificate.ensure(certDir, domain));
    PrivateKey key =
        (PrivateKey) ks.getKey(LocalCertificate.ALIAS, LocalCertificate.PASSWORD.toCharArray());
    StringBuilder chain = new StringBuilder();
    for (Certificate c : ks.getCertificateChain(LocalCertificate.ALIAS)) {
      chain.append(pem("CERTIFICATE", c.getEncoded()));
    }
    return new TlsCertificate(secretName, chain.toString(), pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
