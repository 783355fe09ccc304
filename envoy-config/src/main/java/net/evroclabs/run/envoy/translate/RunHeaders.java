package net.evroclabs.run.envoy.translate;

import java.util.List;

/** The {@code x-run-*} request headers the platform sets; clients may not supply them. */
public final class RunHeaders {

  /** {@code <namespace>/<revision>} chosen by the route, read by the activator. */
  public static final String REVISION = "x-run-revision";

  /**
   * Every {@code x-run-*} header the platform defines. Envoy removes headers by exact name (the
   * header-mutation filter of this API version cannot match a prefix), so a new platform header
   * must be added here to be stripped from client requests.
   */
  public static final List<String> RESERVED = List.of(REVISION);

  private RunHeaders() {}
}
