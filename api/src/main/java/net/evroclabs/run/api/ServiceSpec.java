package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of a Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.traffic) || size(self.traffic) == 0"
            + " || self.traffic.map(t, has(t.percent) ? t.percent : 0).sum() == 100",
    message = "spec.traffic: the percent values must sum to 100")
@ValidationRule(
    value =
        "!has(self.traffic) || self.traffic.all(t, !has(t.tag)"
            + " || self.traffic.exists_one(u, has(u.tag) && u.tag == t.tag))",
    message = "spec.traffic: each tag must be unique")
public class ServiceSpec {

  @Required
  @JsonPropertyDescription(
      "The revision template. Every change to it creates a new, immutable Revision.")
  private RevisionTemplate template;

  @JsonPropertyDescription(
      "How revisions scale. Changing this does not create a new Revision."
          + " Unset fields take the platform defaults.")
  private Autoscaling autoscaling;

  @Size(max = 100)
  @JsonPropertyDescription(
      "How requests split across revisions. Defaults to 100 percent to the latest ready"
          + " revision. Percent values must sum to 100 and tags must be unique.")
  private List<TrafficTarget> traffic;

  public RevisionTemplate getTemplate() {
    return template;
  }

  public void setTemplate(RevisionTemplate template) {
    this.template = template;
  }

  public Autoscaling getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(Autoscaling autoscaling) {
    this.autoscaling = autoscaling;
  }

  public List<TrafficTarget> getTraffic() {
    return traffic;
  }

  public void setTraffic(List<TrafficTarget> traffic) {
    this.traffic = traffic;
  }
}
