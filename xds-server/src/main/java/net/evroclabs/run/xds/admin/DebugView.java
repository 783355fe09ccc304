package net.evroclabs.run.xds.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.xds.cache.GroupSnapshot;
import net.evroclabs.run.xds.cache.StreamState;
import net.evroclabs.run.xds.cache.XdsCache;
import net.evroclabs.run.xds.cache.XdsStreams;
import net.evroclabs.run.xds.cache.XdsType;

/** The {@code /debug/xds} document: served versions, connected nodes, their ACKs and last NACK. */
public final class DebugView {

  /** One connected stream. */
  public record Node(
      long stream,
      String id,
      String group,
      boolean delta,
      String connectedAt,
      Map<String, String> acknowledged,
      Map<String, String> lastNack) {}

  /** The whole document. */
  public record Document(
      boolean serving, Map<String, Map<String, String>> served, List<Node> nodes) {}

  private DebugView() {}

  public static Document of(XdsCache cache, XdsStreams streams) {
    Map<String, Map<String, String>> served = new LinkedHashMap<>();
    for (NodeGroup g : NodeGroup.values()) {
      GroupSnapshot s = cache.snapshot(g).orElse(null);
      if (s == null) {
        continue;
      }
      Map<String, String> versions = new LinkedHashMap<>();
      for (XdsType t : XdsType.values()) {
        versions.put(
            t.shortName(), s.type(t).version() + " (" + s.type(t).ordered().size() + " resources)");
      }
      served.put(g.nodeCluster(), versions);
    }
    List<Node> nodes = new ArrayList<>();
    List<StreamState> all = new ArrayList<>(streams.all());
    all.sort(Comparator.comparingLong(StreamState::id));
    for (StreamState s : all) {
      Map<String, String> acked = new TreeMap<>();
      s.ackedVersions().forEach((t, v) -> acked.put(t.shortName(), v));
      Map<String, String> nack =
          s.lastRejection()
              .map(
                  r -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("type", r.type().shortName());
                    m.put("version", r.version());
                    m.put("detail", r.detail());
                    m.put("at", r.at().toString());
                    return m;
                  })
              .orElse(null);
      nodes.add(
          new Node(
              s.id(),
              s.nodeId(),
              s.group().nodeCluster(),
              s.delta(),
              s.connectedAt().toString(),
              acked,
              nack));
    }
    return new Document(cache.serving(), served, nodes);
  }
}
