package net.evroclabs.run.controller.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.RevisionSpec;
import net.evroclabs.run.api.Service;

/** The n-th Revision of a Service: named, labelled, owned by the Service, its template frozen. */
final class RevisionFactory {

  private RevisionFactory() {}

  static Revision revision(Service service, int number, RevisionSpec spec) {
    ObjectMeta sm = service.getMetadata();
    String name = Naming.revisionName(sm.getName(), number);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.SERVICE, sm.getName());
    labels.put(Labels.REVISION, name);
    labels.put(
        Labels.CONFIGURATION_GENERATION,
        String.valueOf(sm.getGeneration() == null ? 0 : sm.getGeneration()));
    labels.put(Labels.MANAGED_BY, Labels.MANAGER);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(sm.getNamespace());
    meta.setLabels(labels);
    OwnerReference owner = new OwnerReference();
    owner.setApiVersion(Service.GROUP + "/" + Service.VERSION);
    owner.setKind("Service");
    owner.setName(sm.getName());
    owner.setUid(sm.getUid());
    owner.setController(true);
    owner.setBlockOwnerDeletion(true);
    meta.setOwnerReferences(List.of(owner));
    Revision r = new Revision();
    r.setMetadata(meta);
    r.setSpec(spec);
    return r;
  }
}
