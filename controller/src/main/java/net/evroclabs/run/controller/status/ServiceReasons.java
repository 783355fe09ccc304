package net.evroclabs.run.controller.status;

/** The reasons of a Service's conditions. Programs match on them; they never change. */
public final class ServiceReasons {

  /** The spec breaks a rule; the message lists every violation. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** The newest revision failed; traffic stays where it was. */
  public static final String REVISION_FAILED = "RevisionFailed";

  /** The newest revision is not ready yet. */
  public static final String DEPLOYING = "Deploying";

  /** The routes are published but the gateways have not acknowledged them yet. */
  public static final String AWAITING_GATEWAYS = "AwaitingGateways";

  /** The gateways rejected the routes. */
  public static final String GATEWAY_REJECTED = "GatewayRejected";

  private ServiceReasons() {}
}
