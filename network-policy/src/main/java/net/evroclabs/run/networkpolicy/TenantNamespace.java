package net.evroclabs.run.networkpolicy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A namespace that holds Services, with the revisions that run there.
 *
 * @param name the namespace
 * @param revisions every revision in it (with or without pods), each once
 */
public record TenantNamespace(String name, List<RevisionPort> revisions) {

  public TenantNamespace {
    Checks.dnsLabel("tenant namespace", name);
    Checks.present("revisions of namespace " + name, revisions);
    Set<String> seen = new HashSet<>();
    for (RevisionPort revision : revisions) {
      Checks.present("a revision of namespace " + name, revision);
      if (!seen.add(revision.revision())) {
        throw new IllegalArgumentException(
            "revision = \""
                + revision.revision()
                + "\" is listed twice in namespace "
                + name
                + "; list each revision once");
      }
    }
    revisions = List.copyOf(revisions);
  }
}
