package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One share of traffic as it is actually routed: always to a concrete revision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficStatus {

  @JsonPropertyDescription("The revision that receives this share.")
  private String revisionName;

  @JsonPropertyDescription("true when this share follows the latest ready revision.")
  private Boolean latestRevision;

  @JsonPropertyDescription("The share of requests, 0 to 100.")
  private Integer percent;

  @JsonPropertyDescription("The tag, when the target has one.")
  private String tag;

  @JsonPropertyDescription("The tag's own URL, when the target has a tag.")
  private String url;

  public TrafficStatus() {}

  public TrafficStatus(
      String revisionName, Boolean latestRevision, Integer percent, String tag, String url) {
    this.revisionName = revisionName;
    this.latestRevision = latestRevision;
    this.percent = percent;
    this.tag = tag;
    this.url = url;
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

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficStatus t
        && Objects.equals(revisionName, t.revisionName)
        && Objects.equals(latestRevision, t.latestRevision)
        && Objects.equals(percent, t.percent)
        && Objects.equals(tag, t.tag)
        && Objects.equals(url, t.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revisionName, latestRevision, percent, tag, url);
  }

  @Override
  public String toString() {
    return revisionName + "=" + percent + "%" + (tag == null ? "" : " tag " + tag);
  }
}
