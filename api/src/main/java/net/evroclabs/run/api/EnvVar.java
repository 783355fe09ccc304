package net.evroclabs.run.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.Objects;

/**
 * One environment variable with an inline value. {@code valueFrom} is declared only so that it is
 * rejected with a clear message instead of being silently dropped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.valueFrom)",
    message = "env[].valueFrom is not supported: give the value inline in env[].value")
public class EnvVar {

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription(
      "The variable's name: letters, digits and underscores, not a digit first.")
  private String name;

  @Size(max = 4096)
  @JsonPropertyDescription("The variable's value, at most 4096 characters.")
  private String value;

  @PreserveUnknownFields
  @JsonPropertyDescription("Not supported; present only so that it is rejected with a message.")
  private Map<String, Object> valueFrom;

  public EnvVar() {}

  public EnvVar(String name, String value) {
    this.name = name;
    this.value = value;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public Map<String, Object> getValueFrom() {
    return valueFrom;
  }

  public void setValueFrom(Map<String, Object> valueFrom) {
    this.valueFrom = valueFrom;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvVar e
        && Objects.equals(name, e.name)
        && Objects.equals(value, e.value)
        && Objects.equals(valueFrom, e.valueFrom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, valueFrom);
  }
}
