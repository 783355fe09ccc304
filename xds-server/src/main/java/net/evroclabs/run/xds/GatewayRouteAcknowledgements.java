package net.evroclabs.run.xds;

import net.evroclabs.run.controller.RouteAcknowledgements;
import net.evroclabs.run.controller.RouteState;
import net.evroclabs.run.xds.pipeline.RouteRecords;

/** The controller's view of our acknowledgement tracking, for its {@code RoutesReady}. */
public final class GatewayRouteAcknowledgements implements RouteAcknowledgements {

  private final RouteRecords records;

  public GatewayRouteAcknowledgements(RouteRecords records) {
    this.records = records;
  }

  @Override
  public RouteState state(String namespace, String service, long observedGeneration) {
    RouteRecords.State s = records.state(namespace, service, observedGeneration);
    return switch (s.kind()) {
      case PENDING -> RouteState.pending(s.message());
      case ACKNOWLEDGED -> RouteState.acknowledged(s.message());
      case REJECTED -> RouteState.rejected(s.message());
    };
  }

  @Override
  public void addListener(Runnable onChange) {
    records.addListener(onChange);
  }
}
