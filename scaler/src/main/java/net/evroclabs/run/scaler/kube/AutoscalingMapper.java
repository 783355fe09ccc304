package net.evroclabs.run.scaler.kube;

import net.evroclabs.run.api.Autoscaling;
import net.evroclabs.run.api.Defaulting;
import net.evroclabs.run.api.Durations;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.ServiceSpec;
import net.evroclabs.run.scaler.decision.ScalingMetric;
import net.evroclabs.run.scaler.decision.ScalingSpec;

/** Maps a Service's autoscaling settings, defaulted by the platform config, into the core's. */
public final class AutoscalingMapper {

  private final PlatformConfig config;
  private final ScalingSpec defaults;

  public AutoscalingMapper(PlatformConfig config) {
    this.config = config;
    this.defaults = map(null);
  }

  /** The defaulted settings of a Service; a Service without a spec gets the platform defaults. */
  public ScalingSpec map(ServiceSpec spec) {
    ServiceSpec defaulted = Defaulting.apply(spec == null ? new ServiceSpec() : spec, config);
    Autoscaling a = defaulted.getAutoscaling();
    ScalingMetric metric =
        switch (a.getMetric()) {
          case LATENCY -> ScalingMetric.LATENCY;
          case CONCURRENCY -> ScalingMetric.CONCURRENCY;
          case RPS -> ScalingMetric.RPS;
        };
    double percentile =
        a.getPercentile() != null
            ? a.getPercentile().quantile()
            : config.autoscaling().percentile().quantile();
    return new ScalingSpec(
        metric,
        a.getTarget(),
        percentile,
        a.getMinScale(),
        a.getMaxScale(),
        Durations.parse(a.getScaleToZeroDelay()));
  }

  /** The platform defaults, for a revision whose Service is not known (yet). */
  public ScalingSpec defaults() {
    return defaults;
  }
}
