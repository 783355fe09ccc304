package net.evroclabs.run.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What a user writes: a container image to run as an HTTPS service, how it scales, and how traffic
 * splits across its revisions.
 */
@Group(Service.GROUP)
@Version(Service.VERSION)
@Kind("Service")
@Plural("services")
@Singular("service")
@ShortNames("rsvc")
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".status.url",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "LatestReady",
    jsonPath = ".status.latestReadyRevisionName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must be lower-case letters, digits and '-', starting with a letter and"
            + " ending with a letter or digit")
@ValidationRule(
    value = "size(self.metadata.name) <= 57",
    message = "metadata.name must be at most 57 characters, so that revision names fit in 63")
public class Service extends CustomResource<ServiceSpec, ServiceStatus> implements Namespaced {

  public static final String GROUP = "run.evroclabs.net";
  public static final String VERSION = "v1alpha1";

  @Override
  protected ServiceSpec initSpec() {
    return new ServiceSpec();
  }

  @Override
  protected ServiceStatus initStatus() {
    return new ServiceStatus();
  }
}
