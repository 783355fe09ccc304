package net.evroclabs.run.networkpolicy;

/**
 * A revision's pods and the one port they may be reached on.
 *
 * @param revision the Revision's name; its pods carry {@code run.evroclabs.net/revision: <name>}
 * @param containerPort the revision's container port
 */
public record RevisionPort(String revision, int containerPort) {

  public RevisionPort {
    Checks.dnsLabel("revision", revision);
    Checks.port("containerPort of revision " + revision, containerPort);
  }
}
