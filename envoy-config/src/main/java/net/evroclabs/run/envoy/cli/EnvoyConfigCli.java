package net.evroclabs.run.envoy.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.envoy.bootstrap.BootstrapSettings;
import net.evroclabs.run.envoy.bootstrap.GatewayBootstrap;
import net.evroclabs.run.envoy.model.Endpoint;

/**
 * {@code java -jar envoy-config.jar render [--config FILE] [--endpoints FILE] FILE...}: prints, as
 * JSON, the resources each node group would receive for the Services in the files. {@code
 * bootstrap} prints the gateway's bootstrap YAML.
 */
public final class EnvoyConfigCli {

  static final String USAGE =
      """
      usage: envoy-config render [--config RUN_CONFIG.yaml] [--endpoints ENDPOINTS.yaml] SERVICE.yaml...
             envoy-config bootstrap
        render     print the resources each node group (gateway, activator, proxyless) would get,
                   as JSON; the files hold Service (and optionally Revision) documents
        --config     the run-config ConfigMap (default: the platform defaults)
        --endpoints  YAML map of <namespace>/<revision> or 'activator' to lists of ADDRESS:PORT;
                     revisions without ready pods are routed to the activator
        bootstrap  print the gateway's Envoy bootstrap (YAML)
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
      return switch (args[0]) {
        case "render" -> render(args, out, err);
        case "bootstrap" -> {
          out.print(GatewayBootstrap.yaml(BootstrapSettings.defaults()));
          yield 0;
        }
        default -> {
          err.println("unknown command '" + args[0] + "'");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: cannot read " + e.getMessage());
      return 1;
    }
  }

  private static int render(String[] args, PrintStream out, PrintStream err) throws IOException {
    PlatformConfig config = PlatformConfig.defaults();
    Map<String, List<Endpoint>> endpoints = new HashMap<>();
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "--endpoints" -> {
          if (i + 1 >= args.length) {
            err.println(args[i] + " needs a file");
            return 2;
          }
          Path file = existing(args[++i]);
          if (args[i - 1].equals("--config")) {
            config = InputFiles.readConfig(file);
          } else {
            endpoints = InputFiles.readEndpoints(file);
          }
        }
        default -> {
          if (args[i].startsWith("--")) {
            err.println("unknown option " + args[i]);
            err.print(USAGE);
            return 2;
          }
          files.add(existing(args[i]));
        }
      }
    }
    if (files.isEmpty()) {
      err.println("render needs at least one Service file");
      err.print(USAGE);
      return 2;
    }
    List<Service> services = new ArrayList<>();
    List<Revision> revisions = new ArrayList<>();
    for (Path f : files) {
      InputFiles.readResources(f, services, revisions);
    }
    List<Endpoint> activator = endpoints.getOrDefault(InputFiles.ACTIVATOR_KEY, List.of());
    Map<String, List<Endpoint>> ready = new HashMap<>(endpoints);
    ready.remove(InputFiles.ACTIVATOR_KEY);
    RenderInput input = new RenderInput(config, services, revisions, ready, activator);
    out.print(Renderer.render(input, warning -> err.println("note: " + warning)));
    return 0;
  }

  private static Path existing(String name) {
    Path p = Path.of(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("file = '" + name + "', does not exist");
    }
    return p;
  }
}
