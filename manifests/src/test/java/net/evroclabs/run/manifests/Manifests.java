package net.evroclabs.run.manifests;

import java.nio.file.Path;

/** Where the manifests live, for tests. */
final class Manifests {

  private Manifests() {}

  static Path dir() {
    return Path.of(System.getProperty("manifests.dir", ".")).toAbsolutePath().normalize();
  }
}
