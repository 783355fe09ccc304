package net.evroclabs.run.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An immutable snapshot of a Service's template, named {@code <service>-<5 digits>} and owned by
 * its Service. The controller creates one for every change of {@code spec.template}.
 */
@Group(Service.GROUP)
@Version(Service.VERSION)
@Kind("Revision")
@Plural("revisions")
@Singular("revision")
@AdditionalPrinterColumn(
    name = "Service",
    jsonPath = ".metadata.labels.run\\.evroclabs\\.net/service",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Revision extends CustomResource<RevisionSpec, RevisionStatus> implements Namespaced {

  @Override
  protected RevisionSpec initSpec() {
    return new RevisionSpec();
  }

  @Override
  protected RevisionStatus initStatus() {
    return new RevisionStatus();
  }
}
