package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** One share of a Service's traffic: to the latest ready revision or to a named one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.revisionName) != (has(self.latestRevision) && self.latestRevision)",
    message = "spec.traffic[]: set exactly one of revisionName or latestRevision: true")
public class TrafficTarget {

  @Size(max = 63)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("A revision of this Service, for example hello-00001.")
  private String revisionName;

  @JsonPropertyDescription(
      "true: this share goes to the latest revision once it is ready (it follows new revisions).")
  private Boolean latestRevision;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("The share of requests, 0 to 100. All shares sum to 100.")
  private Integer percent;

  @Size(max = 40)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Also serve this target at <tag>-svc-<iid>.<domain>, even at 0 percent. Lower-case"
          + " letters, digits and '-', starting with a letter; unique within the Service.")
  private String tag;

  public TrafficTarget() {}

  /** A share to the latest ready revision. */
  public static TrafficTarget latest(int percent) {
    TrafficTarget t = new TrafficTarget();
    t.setLatestRevision(true);
    t.setPercent(percent);
    return t;
  }

  /** A share pinned to one revision. */
  public static TrafficTarget pinned(String revisionName, int percent) {
    TrafficTarget t = new TrafficTarget();
    t.setRevisionName(revisionName);
    t.setPercent(percent);
    return t;
  }

  /** This target with a tag. */
  public TrafficTarget withTag(String tag) {
    this.tag = tag;
    return this;
  }

  public String getRevisionName() {
    return revisionName;
  }

  public void setRevisionName(String revisionName) {
    this.revisionName = revisionName;
  }

  public Boolean getLatestRevision() {
    return latestRevision;
  }

  public void setLatestRevision(Boolean latestRevision) {
    this.latestRevision = latestRevision;
  }

  /** Whether this share follows the latest ready revision. */
  public boolean followsLatest() {
    return Boolean.TRUE.equals(latestRevision);
  }

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficTarget t
        && Objects.equals(revisionName, t.revisionName)
        && Objects.equals(latestRevision, t.latestRevision)
        && Objects.equals(percent, t.percent)
        && Objects.equals(tag, t.tag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revisionName, latestRevision, percent, tag);
  }
}
