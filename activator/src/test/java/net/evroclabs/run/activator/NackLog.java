package net.evroclabs.run.activator;

import com.google.rpc.Status;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Server callbacks of a test ADS server that log every NACK as {@code <node cluster> <type url>:
 * <error message>}.
 */
final class NackLog implements DiscoveryServerCallbacks {

  private final List<String> entries = new CopyOnWriteArrayList<>();

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    if (request.hasErrorDetail()) {
      add(request.getNode(), request.getTypeUrl(), request.getErrorDetail());
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    if (request.hasErrorDetail()) {
      add(request.getNode(), request.getTypeUrl(), request.getErrorDetail());
    }
  }

  private void add(Node node, String typeUrl, Status error) {
    entries.add(node.getCluster() + " " + typeUrl + ": " + error.getMessage());
  }

  /** The NACKs so far, oldest first; a live view. */
  List<String> entries() {
    return entries;
  }
}
