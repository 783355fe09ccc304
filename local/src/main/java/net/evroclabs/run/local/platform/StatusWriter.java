package net.evroclabs.run.local.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import net.evroclabs.run.api.Condition;
import net.evroclabs.run.api.Naming;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.TrafficStatus;
import net.evroclabs.run.controller.MemoryServiceStore;
import net.evroclabs.run.controller.ResourceKey;
import net.evroclabs.run.local.process.ProcessWorkloads;

/**
 * Writes {@code <stateDir>/status.json} every second: the ingress ports, each service with its URL,
 * conditions, traffic and revisions (ready and desired instances, restarts, what went wrong), and
 * the latest events. {@code ./run status} prints it.
 */
public final class StatusWriter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("evroc-run");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A revision's line in the status. */
  public record RevisionLine(
      String name,
      int ready,
      int desired,
      int restarts,
      String problem,
      boolean servable,
      Long lastStartupMs) {}

  /** A traffic target's line. */
  public record TrafficLine(String revision, int percent, String tag, String url) {}

  /** A service's part of the status. */
  public record ServiceLine(
      String namespace,
      String name,
      String url,
      Map<String, String> conditions,
      List<TrafficLine> traffic,
      List<RevisionLine> revisions) {}

  /** The whole file. */
  public record Status(
      int httpPort, int httpsPort, List<ServiceLine> services, List<LocalEvents.Event> events) {}

  private final Path file;
  private final MemoryServiceStore store;
  private final ProcessWorkloads processes;
  private final LocalEvents events;
  private final PlatformConfig config;
  private final int httpPort;
  private final int httpsPort;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("local-status").daemon().factory());

  StatusWriter(
      Path stateDir,
      MemoryServiceStore store,
      ProcessWorkloads processes,
      LocalEvents events,
      PlatformConfig config,
      int httpPort,
      int httpsPort) {
    this.file = stateDir.resolve("status.json");
    this.store = store;
    this.processes = processes;
    this.events = events;
    this.config = config;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    timer.scheduleWithFixedDelay(this::writeQuietly, 0, 1, TimeUnit.SECONDS);
  }

  /** The status now. */
  public Status snapshot() {
    List<ServiceLine> lines = new ArrayList<>();
    for (ResourceKey key : store.serviceKeys()) {
      store.service(key).ifPresent(s -> lines.add(line(key, s)));
    }
    return new Status(httpPort, httpsPort, lines, events.recent());
  }

  private ServiceLine line(ResourceKey key, Service s) {
    Map<String, String> conditions = new LinkedHashMap<>();
    List<TrafficLine> traffic = new ArrayList<>();
    String url = null;
    if (s.getStatus() != null) {
      url = s.getStatus().getUrl();
      if (s.getStatus().getConditions() != null) {
        for (Condition c : s.getStatus().getConditions()) {
          conditions.put(
              c.getType(),
              c.getStatus() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
      }
      if (s.getStatus().getTraffic() != null) {
        for (TrafficStatus t : s.getStatus().getTraffic()) {
          traffic.add(
              new TrafficLine(
                  t.getRevisionName(),
                  t.getPercent() == null ? 0 : t.getPercent(),
                  t.getTag(),
                  t.getUrl()));
        }
      }
    }
    if (url == null && s.getMetadata().getUid() != null) {
      url = Naming.url(Naming.serviceHost(config, Naming.iid(s.getMetadata().getUid())));
    }
    List<RevisionLine> revisions = new ArrayList<>();
    for (Revision r : store.revisionsOf(key)) {
      String rk = key.namespace() + "/" + r.getMetadata().getName();
      ProcessWorkloads.RevisionStatus st = processes.status(rk).orElse(null);
      Condition ready = r.getStatus() == null ? null : r.getStatus().condition("Ready");
      revisions.add(
          new RevisionLine(
              r.getMetadata().getName(),
              st == null ? 0 : st.ready(),
              st == null ? 0 : st.desired(),
              st == null ? 0 : st.restarts(),
              st != null && st.message() != null
                  ? st.message()
                  : ready != null && !"True".equals(ready.getStatus()) ? ready.getMessage() : null,
              ready != null && "True".equals(ready.getStatus()),
              st == null || st.lastStartup() == null ? null : st.lastStartup().toMillis()));
    }
    return new ServiceLine(
        key.namespace(), key.name(), localUrl(url), conditions, traffic, revisions);
  }

  /** The service URL with the local HTTPS port. */
  private String localUrl(String url) {
    if (url == null) {
      return null;
    }
    int port = httpsPort;
    return port == 443 ? url : url.replaceFirst("^(https://[^/:]+)", "$1:" + port);
  }

  /**
   * Writes the status file now (atomically). One write at a time: the timer's and a caller's would
   * share the temporary file, and the second move would find it gone.
   */
  public synchronized void write() throws IOException {
    Path tmp = file.resolveSibling("status.json.tmp");
    JSON.writeValue(tmp.toFile(), snapshot());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeQuietly() {
    try {
      write();
    } catch (IOException | RuntimeException e) {
      LOG.warning("cannot write " + file + ": " + e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warning("cannot remove " + file + ": " + e);
    }
  }
}
