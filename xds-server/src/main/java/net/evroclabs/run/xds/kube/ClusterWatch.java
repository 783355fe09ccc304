package net.evroclabs.run.xds.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import net.evroclabs.run.api.Labels;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.PlatformConfigParser;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.xds.pipeline.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on everything routing depends on: Services, Revisions, revision pods, activator pods,
 * the {@code run-config} ConfigMap and the wildcard certificate's Secret. Handlers only turn
 * objects into changes and queue them. Once every informer has listed, the full content of every
 * store is queued and then {@link Change.Synced}, so the first build is complete.
 */
public final class ClusterWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

  private final KubernetesClient client;
  private final Consumer<Change> sink;
  private final String systemNamespace;
  private final String configMapName;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Secret> secretInformer;
  private String secretRef;
  private PlatformConfig config = PlatformConfig.defaults();

  public ClusterWatch(
      KubernetesClient client,
      Consumer<Change> sink,
      String systemNamespace,
      String configMapName) {
    this.client = client;
    this.sink = sink;
    this.systemNamespace = systemNamespace;
    this.configMapName = configMapName;
  }

  /** Starts every informer, waits for their lists, queues their content and then sync. */
  public synchronized void start(String activatorSelector) {
    String[] selector = activatorSelector.split("=", 2);
    SharedIndexInformer<ConfigMap> configs =
        client
            .configMaps()
            .inNamespace(systemNamespace)
            .withName(configMapName)
            .inform(handler(this::configChanged, cm -> null));
    informers.add(configs);
    for (ConfigMap cm : configs.getStore().list()) {
      configChanged(cm);
    }
    watchSecret(config);
    informers.add(
        client
            .resources(Service.class)
            .inAnyNamespace()
            .inform(handler(s -> sink.accept(Changes.service(s)), Changes::serviceDeleted)));
    informers.add(
        client
            .resources(Revision.class)
            .inAnyNamespace()
            .inform(handler(r -> queue(Changes.revision(r)), Changes::revisionDeleted)));
    informers.add(
        client
            .pods()
            .inAnyNamespace()
            .withLabel(Labels.REVISION)
            .inform(handler(p -> queue(Changes.pod(p)), Changes::podDeleted)));
    informers.add(
        client
            .pods()
            .inNamespace(systemNamespace)
            .withLabel(selector[0], selector[1])
            .inform(handler(p -> sink.accept(Changes.activator(p)), Changes::activatorDeleted)));
    relistAll();
    sink.accept(new Change.Synced());
  }

  @SuppressWarnings("unchecked")
  private void relistAll() {
    for (SharedIndexInformer<?> informer : informers) {
      for (Object o : informer.getStore().list()) {
        if (o instanceof Service s) {
          sink.accept(Changes.service(s));
        } else if (o instanceof Revision r) {
          queue(Changes.revision(r));
        } else if (o instanceof Pod p) {
          Map<String, String> labels = p.getMetadata().getLabels();
          if (labels != null && labels.containsKey(Labels.REVISION)) {
            queue(Changes.pod(p));
          } else {
            sink.accept(Changes.activator(p));
          }
        }
      }
    }
    if (secretInformer != null) {
      for (Secret s : secretInformer.getStore().list()) {
        secretChanged(s);
      }
    }
  }

  private void queue(Change change) {
    if (change != null) {
      sink.accept(change);
    }
  }

  private synchronized void configChanged(ConfigMap cm) {
    try {
      PlatformConfig parsed =
          PlatformConfigParser.parse(cm.getData() == null ? Map.of() : cm.getData());
      config = parsed;
      sink.accept(new Change.ConfigChanged(parsed));
      watchSecret(parsed);
    } catch (IllegalArgumentException e) {
      LOG.error(
          "ConfigMap {}/{} is invalid, keeping the previous platform config: {}",
          systemNamespace,
          configMapName,
          e.getMessage());
    }
  }

  private void watchSecret(PlatformConfig c) {
    if (Objects.equals(secretRef, c.tlsSecret()) || informers.isEmpty()) {
      return;
    }
    if (secretInformer != null) {
      secretInformer.close();
    }
    secretRef = c.tlsSecret();
    secretInformer =
        client
            .secrets()
            .inNamespace(c.tlsSecretNamespace())
            .withName(c.tlsSecretName())
            .inform(handler(this::secretChanged, s -> new Change.CertificateChanged(null)));
    if (secretInformer.getStore().list().isEmpty()) {
      LOG.warn(
          "TLS Secret {} not found: the gateway's HTTPS listener waits for its certificate",
          c.tlsSecret());
    }
  }

  private void secretChanged(Secret s) {
    String name = config.tlsSecretName();
    if (Changes.certificate(s, name) == null) {
      LOG.error(
          "TLS Secret {} has no tls.crt and tls.key; the certificate is not served", secretRef);
    }
    sink.accept(new Change.CertificateChanged(Changes.certificate(s, name)));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      Consumer<T> upsert, Function<T, Change> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        upsert.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        upsert.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        Change c = delete.apply(obj);
        if (c != null) {
          sink.accept(c);
        }
      }
    };
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    if (secretInformer != null) {
      secretInformer.close();
    }
  }
}
