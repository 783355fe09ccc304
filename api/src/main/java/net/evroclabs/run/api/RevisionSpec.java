package net.evroclabs.run.api;

/**
 * A Revision's spec: the Service's template frozen at the time the Revision was created. It has
 * exactly the template's fields.
 */
public class RevisionSpec extends RevisionTemplate {

  /** A deep copy of {@code template} as a Revision spec. */
  public static RevisionSpec of(RevisionTemplate template) {
    return Copies.deepCopy(template, RevisionSpec.class);
  }
}
