package net.evroclabs.run.envoy.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.RevisionTemplate;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceValidator;
import net.evroclabs.run.api.Violation;
import net.evroclabs.run.envoy.mapping.RoutedServiceMapper;
import net.evroclabs.run.envoy.model.GatewaySettings;
import net.evroclabs.run.envoy.model.RoutedService;
import net.evroclabs.run.envoy.model.RoutingModel;
import net.evroclabs.run.envoy.translate.EnvoyConfig;
import net.evroclabs.run.envoy.translate.EnvoyJson;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import net.evroclabs.run.envoy.translate.GroupResources;
import net.evroclabs.run.envoy.translate.NodeGroup;
import net.evroclabs.run.networkpolicy.Cidr;

/**
 * Turns Services (and what is known of their revisions and pods) into the resources every node
 * group would be served, as JSON with the field names of Envoy's config dump. Assumptions it has to
 * make are reported to {@code warnings}.
 */
final class Renderer {

  private Renderer() {}

  static RoutingModel model(RenderInput input, Consumer<String> warnings) {
    Map<String, RevisionTemplate> knownRevisions = new HashMap<>();
    input
        .revisions()
        .forEach(
            r ->
                knownRevisions.put(
                    r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r.getSpec()));
    List<RoutedService> routed = new ArrayList<>();
    for (Service service : input.services()) {
      String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      if (service.getMetadata().getUid() == null) {
        service.getMetadata().setUid(key);
        warnings.accept(
            "metadata.uid of "
                + key
                + " is not set: its hosts use a stand-in iid; Kubernetes assigns the real UID");
      }
      List<Violation> violations = ServiceValidator.validate(service, input.config());
      if (!violations.isEmpty()) {
        throw new IllegalArgumentException(
            "service " + key + " is invalid: " + ServiceValidator.describe(violations));
      }
      String latest = latestReady(service, warnings);
      Map<String, RevisionTemplate> templates = new HashMap<>();
      templates.put(latest, service.getSpec().getTemplate());
      if (service.getSpec().getTraffic() != null) {
        for (var t : service.getSpec().getTraffic()) {
          String pinned = t.getRevisionName();
          if (pinned == null || pinned.equals(latest)) {
            continue;
          }
          RevisionTemplate known =
              knownRevisions.get(service.getMetadata().getNamespace() + "/" + pinned);
          if (known == null) {
            warnings.accept(
                "revision "
                    + pinned
                    + " of "
                    + key
                    + " is not among the files: its settings are taken from the Service's template");
            known = service.getSpec().getTemplate();
          }
          templates.put(pinned, known);
        }
      }
      routed.add(
          RoutedServiceMapper.map(
              service, input.config(), latest, templates, input.readyEndpoints()));
    }
    GatewaySettings settings =
        GatewaySettings.defaults()
            .withTlsSecretName(input.config().tlsSecretName())
            .withWorkloadCidrs(
                input.config().workloadPodCidrs().stream().map(Cidr::parse).toList());
    if (input.certificates().isEmpty()) {
      warnings.accept(
          "the certificate "
              + input.config().tlsSecret()
              + " is read from Kubernetes by xds-server and is not rendered (no SDS secret below)");
    }
    return new RoutingModel(settings, routed, input.activatorEndpoints(), input.certificates());
  }

  /** Every node group's resources as one JSON document, resources in the order served. */
  static String json(EnvoyConfig config) {
    JsonObject root = new JsonObject();
    for (NodeGroup group : NodeGroup.values()) {
      GroupResources r = config.group(group);
      JsonObject g = new JsonObject();
      g.add("clusters", array(r.clusters()));
      g.add("endpoints", array(r.endpoints()));
      g.add("listeners", array(r.listeners()));
      g.add("routes", array(r.routes()));
      g.add("secrets", array(r.secrets()));
      root.add(group.nodeCluster(), g);
    }
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  static String render(RenderInput input, Consumer<String> warnings) {
    return json(EnvoyTranslator.translateOnce(model(input, warnings)));
  }

  private static String latestReady(Service service, Consumer<String> warnings) {
    if (service.getStatus() != null && service.getStatus().getLatestReadyRevisionName() != null) {
      return service.getStatus().getLatestReadyRevisionName();
    }
    String first = Naming.revisionName(service.getMetadata().getName(), 1);
    warnings.accept(
        "status.latestReadyRevisionName of "
            + service.getMetadata().getNamespace()
            + "/"
            + service.getMetadata().getName()
            + " is not set: the latest revision is taken to be "
            + first
            + " with the Service's template");
    return first;
  }

  private static JsonArray array(List<? extends Message> resources) {
    JsonArray array = new JsonArray();
    for (Message m : resources) {
      array.add(JsonParser.parseString(EnvoyJson.printWithProtoNames(m)));
    }
    return array;
  }
}
