package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the platform reports about a Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceStatus {

  @JsonPropertyDescription("The Service's HTTPS URL, https://svc-<iid>.<domain>.")
  private String url;

  @JsonPropertyDescription("The newest Revision created from the template.")
  private String latestCreatedRevisionName;

  @JsonPropertyDescription("The newest Revision that became ready.")
  private String latestReadyRevisionName;

  @JsonPropertyDescription("How traffic is routed now, each share resolved to a revision.")
  private List<TrafficStatus> traffic = new ArrayList<>();

  @JsonPropertyDescription("Ready, ConfigurationReady and RoutesReady.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getLatestCreatedRevisionName() {
    return latestCreatedRevisionName;
  }

  public void setLatestCreatedRevisionName(String latestCreatedRevisionName) {
    this.latestCreatedRevisionName = latestCreatedRevisionName;
  }

  public String getLatestReadyRevisionName() {
    return latestReadyRevisionName;
  }

  public void setLatestReadyRevisionName(String latestReadyRevisionName) {
    this.latestReadyRevisionName = latestReadyRevisionName;
  }

  public List<TrafficStatus> getTraffic() {
    return traffic;
  }

  public void setTraffic(List<TrafficStatus> traffic) {
    this.traffic = traffic;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** The condition of that type, or null. */
  public Condition condition(String type) {
    return Conditions.find(conditions, type);
  }
}
