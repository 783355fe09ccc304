package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the platform reports about a Revision and its instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevisionStatus {

  @JsonPropertyDescription(
      "Ready, ContainerHealthy and ResourcesAvailable, with the real reason when an instance"
          + " cannot start.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Instances the autoscaler asks for.")
  private Integer desiredReplicas;

  @JsonPropertyDescription("Instances that are ready to serve.")
  private Integer readyReplicas;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
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
