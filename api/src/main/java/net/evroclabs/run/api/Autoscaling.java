package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** How a Service's revisions scale. Unset fields take the platform defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.percentile) || !has(self.metric) || self.metric == 'latency'",
    message = "spec.autoscaling.percentile is allowed only with metric: latency")
@ValidationRule(
    value = "!has(self.minScale) || !has(self.maxScale) || self.minScale <= self.maxScale",
    message = "spec.autoscaling.minScale must not be greater than maxScale")
public class Autoscaling {

  @JsonPropertyDescription(
      "What to steer: latency (ms at a percentile), concurrency (in-flight requests per"
          + " instance) or rps (requests per second per instance). Default latency.")
  private ScalingMetric metric;

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription(
      "The target: milliseconds for latency, in-flight requests per instance for concurrency,"
          + " requests per second per instance for rps.")
  private Integer target;

  @JsonPropertyDescription(
      "The latency percentile kept under the target (latency only): p50, p75, p90, p95, p99.")
  private Percentile percentile;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("The fewest instances; 0 allows scaling to zero. Default 0.")
  private Integer minScale;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("The most instances. Default 10.")
  private Integer maxScale;

  @Pattern("^([0-9]+(ms|s|m|h))+$")
  @JsonPropertyDescription(
      "How long a revision must see no requests before it scales to zero, for example 60s or"
          + " 5m. Default 60s.")
  private String scaleToZeroDelay;

  public ScalingMetric getMetric() {
    return metric;
  }

  public void setMetric(ScalingMetric metric) {
    this.metric = metric;
  }

  public Integer getTarget() {
    return target;
  }

  public void setTarget(Integer target) {
    this.target = target;
  }

  public Percentile getPercentile() {
    return percentile;
  }

  public void setPercentile(Percentile percentile) {
    this.percentile = percentile;
  }

  public Integer getMinScale() {
    return minScale;
  }

  public void setMinScale(Integer minScale) {
    this.minScale = minScale;
  }

  public Integer getMaxScale() {
    return maxScale;
  }

  public void setMaxScale(Integer maxScale) {
    this.maxScale = maxScale;
  }

  public String getScaleToZeroDelay() {
    return scaleToZeroDelay;
  }

  public void setScaleToZeroDelay(String scaleToZeroDelay) {
    this.scaleToZeroDelay = scaleToZeroDelay;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Autoscaling a
        && metric == a.metric
        && Objects.equals(target, a.target)
        && percentile == a.percentile
        && Objects.equals(minScale, a.minScale)
        && Objects.equals(maxScale, a.maxScale)
        && Objects.equals(scaleToZeroDelay, a.scaleToZeroDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, target, percentile, minScale, maxScale, scaleToZeroDelay);
  }
}
