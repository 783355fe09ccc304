package net.evroclabs.run.api;

/** Label and annotation keys the platform puts on the objects it creates. */
public final class Labels {

  /** The owning Service's name, on Revisions, Deployments and pods. */
  public static final String SERVICE = "run.evroclabs.net/service";

  /** The Revision's name, on Deployments and pods. */
  public static final String REVISION = "run.evroclabs.net/revision";

  /** The Revision's generation of its Service's template, on Revisions. */
  public static final String CONFIGURATION_GENERATION = "run.evroclabs.net/configurationGeneration";

  /** Marks objects managed by the platform. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Value of {@link #MANAGED_BY}. */
  public static final String MANAGER = "evroc-run";

  private Labels() {}
}
