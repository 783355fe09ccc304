package net.evroclabs.run.scaler;

/**
 * Names one revision: its namespace and name. Envoy and the activator label it {@code
 * <namespace>/<revision>}.
 */
public record RevisionKey(String namespace, String name) {

  public RevisionKey {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("namespace = " + namespace + ", must not be empty");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("revision = " + name + ", must not be empty");
    }
  }

  /** Parses {@code <namespace>/<revision>}; null when the label has another shape. */
  public static RevisionKey parseOrNull(String label) {
    if (label == null) {
      return null;
    }
    int slash = label.indexOf('/');
    if (slash <= 0 || slash == label.length() - 1 || label.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    return new RevisionKey(label.substring(0, slash), label.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
