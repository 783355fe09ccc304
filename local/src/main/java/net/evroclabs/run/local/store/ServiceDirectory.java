package net.evroclabs.run.local.store;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;

/**
 * A directory of Service YAML files, watched. Each valid file's Services are upserted; a file that
 * becomes invalid reports every error and leaves its last good Services untouched; a deleted file
 * deletes its Services. A Service named in two files is an error in the later one.
 */
public final class ServiceDirectory implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ServiceDirectory.class.getName());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Receives what changed. Called on the watcher thread, one call at a time. */
  public interface Listener {
    void upserted(Service service);

    void deleted(String namespace, String name);

    void rejected(Path file, List<String> errors);
  }

  private final Path dir;
  private final PlatformConfig config;
  private final Listener listener;
  private final Map<Path, Set<String>> servicesByFile = new HashMap<>();
  private final Map<String, String> lastGoodYaml = new HashMap<>();
  private WatchService watcher;
  private Thread thread;

  public ServiceDirectory(Path dir, PlatformConfig config, Listener listener) {
    this.dir = dir;
    this.config = config;
    this.listener = listener;
  }

  /** Reads every file once, then keeps watching on a background thread. */
  public synchronized void start() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory of Service YAML files");
    }
    watcher = FileSystems.getDefault().newWatchService();
    dir.register(
        watcher,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    rescan();
    thread = new Thread(this::watch, "run-local-services");
    thread.setDaemon(true);
    thread.start();
  }

  /** Brings every Service in line with the files as they are now. */
  public synchronized void rescan() throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(ServiceDirectory::isYaml).sorted().toList()) {
        try {
          files.put(p, Files.readString(p));
        } catch (IOException e) {
          listener.rejected(p, List.of(p.getFileName() + ": cannot be read: " + e.getMessage()));
        }
      }
    }
    for (Path gone : Set.copyOf(servicesByFile.keySet())) {
      if (!files.containsKey(gone)) {
        removeFile(gone);
      }
    }
    files.forEach(this::applyFile);
  }

  private void applyFile(Path file, String text) {
    ServiceFiles.Parsed parsed = ServiceFiles.parse(file.getFileName().toString(), text, config);
    if (!parsed.valid()) {
      listener.rejected(file, parsed.errors());
      return;
    }
    Set<String> now = new HashSet<>();
    for (Service s : parsed.services()) {
      String key = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
      Path owner = ownerOf(key);
      if (owner != null && !owner.equals(file)) {
        listener.rejected(
            file,
            List.of(
                file.getFileName()
                    + ": Service "
                    + key
                    + " is already defined in "
                    + owner.getFileName()));
        return;
      }
      now.add(key);
    }
    Set<String> before = servicesByFile.getOrDefault(file, Set.of());
    servicesByFile.put(file, now);
    for (String key : before) {
      if (!now.contains(key)) {
        lastGoodYaml.remove(key);
        String[] nn = key.split("/", 2);
        listener.deleted(nn[0], nn[1]);
      }
    }
    for (Service s : parsed.services()) {
      String key = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
      String yaml = SERIALIZATION.asYaml(s.getSpec());
      if (!yaml.equals(lastGoodYaml.put(key, yaml))) {
        listener.upserted(s);
      }
    }
  }

  private Path ownerOf(String key) {
    for (Map.Entry<Path, Set<String>> e : servicesByFile.entrySet()) {
      if (e.getValue().contains(key)) {
        return e.getKey();
      }
    }
    return null;
  }

  private void removeFile(Path file) {
    Set<String> keys = servicesByFile.remove(file);
    if (keys == null) {
      return;
    }
    for (String key : keys) {
      lastGoodYaml.remove(key);
      String[] nn = key.split("/", 2);
      listener.deleted(nn[0], nn[1]);
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        // Editors write in several steps; let a burst settle before reading.
        Thread.sleep(50);
        key.pollEvents();
        key.reset();
        try {
          rescan();
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot read " + dir, e);
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      LOG.fine("stopped watching " + dir);
    }
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return (n.endsWith(".yaml") || n.endsWith(".yml"))
        && !n.startsWith(".")
        && Files.isRegularFile(p);
  }

  @Override
  public synchronized void close() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
