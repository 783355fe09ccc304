package net.evroclabs.run.envoy.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.bootstrap.BootstrapSettings;
import net.evroclabs.run.envoy.bootstrap.GatewayBootstrap;
import net.evroclabs.run.envoy.bootstrap.StaticBootstrap;
import net.evroclabs.run.envoy.bootstrap.XdsTls;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.model.TlsCertificate;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;

/**
 * {@code java -jar envoy-config.jar render [--config FILE] [--endpoints FILE] FILE...}: prints, as
 * JSON, the resources each node group would receive for the Services in the files. {@code
 * bootstrap} prints the gateway's bootstrap YAML; {@code static} the gateway's resources as one
 * self-contained bootstrap for {@code envoy --mode validate}.
 */
public final class EnvoyConfigCli {

  static final String USAGE =
      """
      usage: envoy-config render [--config RUN_CONFIG.yaml] [--endpoints ENDPOINTS.yaml] SERVICE.yaml...
             envoy-config static --tls-cert CERT.pem --tls-key KEY.pem [--config ...] [--endpoints ...] SERVICE.yaml...
             envoy-config bootstrap [--xds-tls-cert PATH --xds-tls-key PATH --xds-tls-ca PATH]
        render     print the resources each node group (gateway, activator, proxyless) would get,
                   as JSON; the files hold Service (and optionally Revision) documents
        static     print the gateway's resources as one static bootstrap (YAML), for
                   envoy --mode validate -c FILE
        bootstrap  print the gateway's Envoy bootstrap (YAML)
        --config     the run-config ConfigMap (default: the platform defaults)
        --endpoints  YAML map of <namespace>/<revision> or 'activator' to lists of ADDRESS:PORT;
                     revisions without ready pods are routed to the activator
        --tls-cert, --tls-key  PEM files served as the wildcard certificate
        --xds-tls-cert, --xds-tls-key, --xds-tls-ca
                     mutual TLS to xds-server: the gateway's certificate, key and the CA of
                     xds-server's certificate, as paths inside the gateway's container
      """;

  private EnvoyConfigCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the exit status (0 ok, 1 bad input, 2 bad usage). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    try {
      switch (args[0]) {
        case "bootstrap" -> {
          out.print(GatewayBootstrap.yaml(bootstrapSettings(args)));
          return 0;
        }
        case "render", "static" -> {
          Consumer<String> warnings = warning -> err.println("note: " + warning);
          RenderInput input = input(args, args[0].equals("static"));
          if (args[0].equals("render")) {
            out.print(Renderer.render(input, warnings));
          } else {
            var config = EnvoyTranslator.translateOnce(Renderer.model(input, warnings));
            out.print(StaticBootstrap.yaml(config.gateway(), 9901));
          }
          return 0;
        }
        default -> throw new UsageException("unknown command '" + args[0] + "'");
      }
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: cannot read " + e.getMessage());
      return 1;
    }
  }

  /** The defaults, with mutual TLS to xds-server when all three file paths are given. */
  private static BootstrapSettings bootstrapSettings(String[] args) {
    Map<String, String> tls = new HashMap<>();
    List<String> keys = List.of("--xds-tls-cert", "--xds-tls-key", "--xds-tls-ca");
    for (int i = 1; i < args.length; i++) {
      if (!keys.contains(args[i])) {
        throw new UsageException("unknown option " + args[i]);
      }
      if (i + 1 >= args.length || args[i + 1].isBlank()) {
        throw new UsageException(args[i] + " needs a path");
      }
      tls.put(args[i], args[++i]);
    }
    BootstrapSettings settings = BootstrapSettings.defaults();
    if (tls.isEmpty()) {
      return settings;
    }
    List<String> missing = keys.stream().filter(k -> !tls.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new UsageException(
          "--xds-tls-cert, --xds-tls-key and --xds-tls-ca go together; missing "
              + String.join(", ", missing));
    }
    return settings.withXdsTls(
        new XdsTls(tls.get("--xds-tls-cert"), tls.get("--xds-tls-key"), tls.get("--xds-tls-ca")));
  }

  private static RenderInput input(String[] args, boolean needsCertificate) throws IOException {
    PlatformConfig config = PlatformConfig.defaults();
    Map<String, List<Endpoint>> endpoints = new HashMap<>();
    Path cert = null;
    Path key = null;
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        if (!List.of("--config", "--endpoints", "--tls-cert", "--tls-key").contains(arg)) {
          throw new UsageException("unknown option " + arg);
        }
        if (i + 1 >= args.length) {
          throw new UsageException(arg + " needs a file");
        }
        Path file = existing(args[++i]);
        switch (arg) {
          case "--config" -> config = InputFiles.readConfig(file);
          case "--endpoints" -> endpoints = InputFiles.readEndpoints(file);
          case "--tls-cert" -> cert = file;
          default -> key = file;
        }
      } else {
        files.add(existing(arg));
      }
    }
    if (files.isEmpty()) {
      throw new UsageException(args[0] + " needs at least one Service file");
    }
    List<TlsCertificate> certificates = new ArrayList<>();
    if (cert != null || key != null || needsCertificate) {
      if (cert == null || key == null) {
        throw new UsageException(
            args[0] + " needs both --tls-cert and --tls-key (any certificate will do)");
      }
      certificates.add(
          new TlsCertificate(
              config.tlsSecretName(), Files.readString(cert), Files.readString(key)));
    }
    List<Service> services = new ArrayList<>();
    List<Revision> revisions = new ArrayList<>();
    for (Path f : files) {
      InputFiles.readResources(f, services, revisions);
    }
    List<Endpoint> activator = endpoints.getOrDefault(InputFiles.ACTIVATOR_KEY, List.of());
    Map<String, List<Endpoint>> ready = new HashMap<>(endpoints);
    ready.remove(InputFiles.ACTIVATOR_KEY);
    return new RenderInput(config, services, revisions, ready, activator, certificates);
  }

  private static Path existing(String name) {
    Path p = Path.of(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("file = '" + name + "', does not exist");
    }
    return p;
  }

  /** Wrong arguments: answered with the usage text and status 2. */
  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
