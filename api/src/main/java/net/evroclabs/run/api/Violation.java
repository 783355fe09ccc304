package net.evroclabs.run.api;

/**
 * One thing wrong with a user's resource: the field's path, the bad value as written, and what is
 * allowed.
 */
public record Violation(String field, String value, String message) {

  @Override
  public String toString() {
    return field + (value == null ? "" : " = " + value) + ": " + message;
  }
}
