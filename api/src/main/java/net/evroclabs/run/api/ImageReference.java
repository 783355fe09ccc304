package net.evroclabs.run.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI image reference, parsed per the OCI distribution grammar: {@code
 * [host[:port]/]path[:tag][@digest]}.
 *
 * @param registry the registry host and port, or null when the reference names none
 * @param repository the path within the registry
 * @param tag the tag, or null
 * @param digest the digest, or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:]+\\])";
  private static final String DOMAIN = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^(?:("
              + DOMAIN
              + ")/)?("
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*)(?::("
              + TAG
              + "))?(?:@("
              + DIGEST
              + "))?$");

  /** The most characters of the name part (registry and repository). */
  public static final int MAX_NAME_LENGTH = 255;

  /** Parses {@code text}, or returns empty when it is not a valid reference. */
  public static Optional<ImageReference> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String registry = m.group(1);
    String repository = m.group(2);
    // A first component without '.', ':' or "localhost" is a path, not a registry (docker rules).
    if (registry != null
        && !registry.contains(".")
        && !registry.contains(":")
        && !registry.equals("localhost")
        && !registry.startsWith("[")) {
      if (!registry.matches(PATH_COMPONENT)) {
        return Optional.empty();
      }
      repository = registry + "/" + repository;
      registry = null;
    }
    int nameLength = (registry == null ? 0 : registry.length() + 1) + repository.length();
    if (nameLength > MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(new ImageReference(registry, repository, m.group(3), m.group(4)));
  }
}
