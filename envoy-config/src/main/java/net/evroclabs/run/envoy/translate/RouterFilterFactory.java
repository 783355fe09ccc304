package net.evroclabs.run.envoy.translate;

import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;

/** The router, always the last HTTP filter. */
final class RouterFilterFactory {

  static final String NAME = "envoy.filters.http.router";

  private static final HttpFilter ROUTER =
      HttpFilter.newBuilder()
          .setName(NAME)
          .setTypedConfig(Protos.any(Router.getDefaultInstance()))
          .build();

  private RouterFilterFactory() {}

  static HttpFilter router() {
    return ROUTER;
  }
}
