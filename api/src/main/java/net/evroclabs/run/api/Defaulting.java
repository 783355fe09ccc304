package net.evroclabs.run.api;

import java.util.ArrayList;
import java.util.List;

/** Fills in what a Service leaves unset. Pure: returns a new spec, never changes its input. */
public final class Defaulting {

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;
  public static final int DEFAULT_CONTAINER_CONCURRENCY = 0;

  /** Default targets when a Service picks a metric but no target. */
  public static final int DEFAULT_CONCURRENCY_TARGET = 100;

  public static final int DEFAULT_RPS_TARGET = 200;

  private Defaulting() {}

  /** A copy of {@code spec} with every unset field given its default. */
  public static ServiceSpec apply(ServiceSpec spec, PlatformConfig config) {
    ServiceSpec out = Copies.deepCopy(spec, ServiceSpec.class);
    if (out.getTemplate() == null) {
      out.setTemplate(new RevisionTemplate());
    }
    applyTemplate(out.getTemplate());
    out.setAutoscaling(applyAutoscaling(out.getAutoscaling(), config.autoscaling()));
    if (out.getTraffic() == null || out.getTraffic().isEmpty()) {
      out.setTraffic(new ArrayList<>(List.of(TrafficTarget.latest(100))));
    } else {
      for (TrafficTarget t : out.getTraffic()) {
        if (t.getPercent() == null) {
          t.setPercent(0);
        }
      }
    }
    return out;
  }

  /** Fills in the template's defaults in place (on a copy owned by the caller). */
  private static void applyTemplate(RevisionTemplate template) {
    if (template.getContainer() == null) {
      template.setContainer(new ContainerSpec());
    }
    ContainerSpec c = template.getContainer();
    if (c.getPort() == null) {
      c.setPort(DEFAULT_PORT);
    }
    if (c.getProtocol() == null) {
      c.setProtocol(Protocol.HTTP1);
    }
    if (c.getReadinessProbe() != null
        && c.getReadinessProbe().getHttpGet() != null
        && c.getReadinessProbe().getHttpGet().getPath() == null) {
      c.getReadinessProbe().getHttpGet().setPath("/");
    }
    if (template.getTimeoutSeconds() == null) {
      template.setTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
    }
    if (template.getContainerConcurrency() == null) {
      template.setContainerConcurrency(DEFAULT_CONTAINER_CONCURRENCY);
    }
  }

  private static Autoscaling applyAutoscaling(
      Autoscaling given, PlatformConfig.AutoscalingDefaults d) {
    Autoscaling a = given == null ? new Autoscaling() : given;
    if (a.getMetric() == null) {
      a.setMetric(d.metric());
    }
    if (a.getTarget() == null) {
      a.setTarget(
          switch (a.getMetric()) {
            case LATENCY -> d.metric() == ScalingMetric.LATENCY ? d.target() : 200;
            case CONCURRENCY ->
                d.metric() == ScalingMetric.CONCURRENCY ? d.target() : DEFAULT_CONCURRENCY_TARGET;
            case RPS -> d.metric() == ScalingMetric.RPS ? d.target() : DEFAULT_RPS_TARGET;
          });
    }
    if (a.getMetric() == ScalingMetric.LATENCY && a.getPercentile() == null) {
      a.setPercentile(d.percentile());
    }
    if (a.getMinScale() == null) {
      a.setMinScale(d.minScale());
    }
    if (a.getMaxScale() == null) {
      a.setMaxScale(Math.max(d.maxScale(), a.getMinScale()));
    }
    if (a.getScaleToZeroDelay() == null) {
      a.setScaleToZeroDelay(Durations.format(d.scaleToZeroDelay()));
    }
    return a;
  }
}
