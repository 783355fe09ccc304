package net.evroclabs.run.bench.envoy;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.translate.EnvoyConfig;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import net.evroclabs.run.envoy.translate.NodeGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Translation cost: a whole model from scratch, and one service changing in a large model. */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnvoyTranslationBenchmark {

  /** The model alone. */
  @State(Scope.Benchmark)
  public static class Model {
    @Param("10000")
    public int services;

    RoutingModel model;

    @Setup(Level.Trial)
    public void setUp() {
      model = BenchModels.model(services);
    }
  }

  /** A translator holding the whole model, and two versions of every service to flip between. */
  @State(Scope.Benchmark)
  public static class Translated {
    @Param("10000")
    public int services;

    EnvoyTranslator translator;
    RoutingModel model;
    List<RoutedService> current;
    RoutedService[][] versions;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      model = BenchModels.model(services);
      current = new ArrayList<>(model.services());
      translator = new EnvoyTranslator(model.gateway());
      translator.translate(model);
      versions = new RoutedService[services][];
      for (int i = 0; i < services; i++) {
        versions[i] = new RoutedService[] {model.services().get(i), BenchModels.service(i, 50)};
      }
    }

    /** Every call is a real change: the first pass moves each service to 50/50, the next back. */
    RoutedService nextChange() {
      int i = next % services;
      int flip = (next / services) % 2 == 0 ? 1 : 0;
      next++;
      return versions[i][flip];
    }

    int indexOf(RoutedService service) {
      return Integer.parseInt(service.name().substring("svc-".length()));
    }
  }

  /** All resources of every node group, from nothing. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 10)
  @Measurement(iterations = 10)
  public EnvoyConfig translateFull(Model state) {
    return EnvoyTranslator.translateOnce(state.model);
  }

  /**
   * One service's traffic split changes: re-translate it, assemble every group's resources, and
   * serialize what the gateway must be sent for it.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 5, time = 1)
  @Measurement(iterations = 8, time = 1)
  public long translateOneService(Translated state) {
    RoutedService changed = state.nextChange();
    state.translator.putService(changed);
    EnvoyConfig config = state.translator.config();
    long bytes = 0;
    for (Message m : state.translator.resourcesOf(changed.key(), NodeGroup.GATEWAY)) {
      bytes += m.toByteArray().length;
    }
    return bytes + config.gateway().clusters().size();
  }

  /**
   * The same change, handed over as a whole new model (the translator finds the changed service by
   * comparing every service's input).
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 5, time = 1)
  @Measurement(iterations = 8, time = 1)
  public EnvoyConfig translateOneServiceAsWholeModel(Translated state) {
    RoutedService changed = state.nextChange();
    state.current.set(state.indexOf(changed), changed);
    return state.translator.translate(
        new RoutingModel(
            state.model.gateway(),
            state.current,
            state.model.activatorEndpoints(),
            state.model.certificates()));
  }

  /**
   * The same change if all virtual hosts were in one route configuration: that configuration is
   * rebuilt and serialized whole on every change.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 5, time = 1)
  @Measurement(iterations = 8, time = 1)
  public long translateOneServiceSingleRouteConfiguration(Translated state) {
    RoutedService changed = state.nextChange();
    state.translator.putService(changed);
    EnvoyConfig config = state.translator.config();
    long bytes = singleRouteConfiguration(config).toByteArray().length;
    for (Message m : state.translator.resourcesOf(changed.key(), NodeGroup.GATEWAY)) {
      if (!(m instanceof RouteConfiguration)) {
        bytes += m.toByteArray().length;
      }
    }
    return bytes;
  }

  /** Every service's virtual hosts (without the per-service 421 catch-all) in one configuration. */
  static RouteConfiguration singleRouteConfiguration(EnvoyConfig config) {
    RouteConfiguration.Builder all = RouteConfiguration.newBuilder().setName("https");
    List<RouteConfiguration> routes = config.gateway().routes();
    for (RouteConfiguration r : routes) {
      all.addAllVirtualHosts(r.getVirtualHostsList().subList(0, r.getVirtualHostsCount() - 1));
    }
    return all.build();
  }
}
