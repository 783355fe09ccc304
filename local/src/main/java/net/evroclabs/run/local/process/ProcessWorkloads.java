package net.evroclabs.run.local.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs revision instances as local processes: starts and stops them to match the desired count,
 * probes their readiness, restarts crashed ones with back-off, drains on scale-down (SIGTERM, then
 * SIGKILL after the grace period), and reports each revision's ready endpoints. All state changes
 * happen on one thread, so the logic needs no locks.
 */
public final class ProcessWorkloads implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProcessWorkloads.class.getName());

  /** Host environment variables an instance inherits, so that commands such as java run. */
  public static final List<String> INHERITED_ENV =
      List.of("PATH", "HOME", "LANG", "TZ", "JAVA_HOME");

  // Short: a starting instance is probed until it answers, and each interval is cold-start time.
  static final Duration STARTING_PROBE_INTERVAL = Duration.ofMillis(2);
  static final Duration READY_PROBE_INTERVAL = Duration.ofSeconds(1);
  static final int READY_PROBE_FAILURES = 3;

  /** A ready instance's address. */
  public record Endpoint(String host, int port) {}

  /**
   * What a revision's instances are doing.
   *
   * @param key {@code namespace/revision}
   * @param desired instances asked for
   * @param endpoints the ready instances, oldest first
   * @param starting instances started but not yet ready
   * @param restarts crashes so far
   * @param lastExitCode the exit code of the last instance that crashed, or null
   * @param message what went wrong last, in words, or null
   * @param lastStartup how long the instance that became ready last took from its launch to its
   *     first passed readiness check, or null before any did
   */
  public record RevisionStatus(
      String key,
      int desired,
      List<Endpoint> endpoints,
      int starting,
      int restarts,
      Integer lastExitCode,
      String message,
      Duration lastStartup) {

    public int ready() {
      return endpoints.size();
    }
  }

  private final ProcessLauncher launcher;
  private final Path logDir;
  private final Clock clock;
  private final RestartBackoff backoff;
  private final Duration terminationGrace;
  private final Consumer<RevisionStatus> listener;
  private final Map<String, String> hostEnv;

  private final ExecutorService loop =
      Executors.newSingleThreadExecutor(r -> daemon(r, "run-local-workloads"));
  // One timer thread: it also makes the probes' connects, quick on loopback. With more than one,
  // each rescheduled probe would also wake the idle timer thread.
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "run-local-probes"));
  // The HTTP exchange of a probe waits for the instance's answer, off the timer thread.
  private final ExecutorService exchanges =
      Executors.newCachedThreadPool(r -> daemon(r, "run-local-probe-exchange"));
  private final Map<String, Revision> revisions = new LinkedHashMap<>();
  private final Map<String, RevisionStatus> published = new ConcurrentHashMap<>();
  private int nextId = 1;
  private volatile boolean closed;

  public ProcessWorkloads(
      ProcessLauncher launcher,
      Path logDir,
      Clock clock,
      RestartBackoff backoff,
      Duration terminationGrace,
      Map<String, String> hostEnv,
      Consumer<RevisionStatus> listener) {
    this.launcher = launcher;
    this.logDir = logDir;
    this.clock = clock;
    this.backoff = backoff;
    this.terminationGrace = terminationGrace;
    this.listener = listener;
    Map<String, String> inherited = new LinkedHashMap<>();
    for (String name : INHERITED_ENV) {
      if (hostEnv.get(name) != null) {
        inherited.put(name, hostEnv.get(name));
      }
    }
    this.hostEnv = Map.copyOf(inherited);
  }

  /** Runs {@code replicas} instances of {@code spec}. A revision's spec never changes. */
  public void apply(InstanceSpec spec, int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas = " + replicas + ", must be >= 0");
    }
    loop.execute(
        () -> {
          Revision r = revisions.computeIfAbsent(spec.key(), k -> new Revision(spec));
          if (!r.spec.equals(spec)) {
            throw new IllegalArgumentException(
                "revision " + spec.key() + " already runs another spec; revisions are immutable");
          }
          r.desired = replicas;
          reconcile(r);
        });
  }

  /** Stops every instance of the revision and forgets it once they have exited. */
  public void remove(String key) {
    loop.execute(
        () -> {
          Revision r = revisions.get(key);
          if (r != null) {
            r.desired = 0;
            r.removed = true;
            reconcile(r);
          }
        });
  }

  /** The last reported status of a revision. */
  public Optional<RevisionStatus> status(String key) {
    return Optional.ofNullable(published.get(key));
  }

  /** Where an instance's output is kept: {@code <logDir>/<namespace>/<revision>/<id>.log}. */
  public Path logFile(InstanceSpec spec, int id) {
    return logDir.resolve(spec.namespace()).resolve(spec.revision()).resolve(id + ".log");
  }

  /** The directory holding every log of a revision. */
  public Path logDir(String namespace, String revision) {
    return logDir.resolve(namespace).resolve(revision);
  }

  /** PIDs of every running instance, for tests and for diagnostics. */
  public List<Long> pids() {
    return submit(
        () ->
            revisions.values().stream()
                .flatMap(r -> r.instances.values().stream())
                .filter(i -> i.process.isAlive())
                .map(i -> i.process.pid())
                .toList());
  }

  /** Stops every instance: SIGTERM, then SIGKILL after the grace period; waits for them. */
  @Override
  public void close() {
    List<Instance> all =
        submit(
            () -> {
              closed = true;
              List<Instance> out = new ArrayList<>();
              for (Revision r : revisions.values()) {
                out.addAll(r.instances.values());
              }
              out.forEach(i -> i.process.destroy());
              return out;
            });
    long deadline = System.nanoTime() + terminationGrace.toNanos();
    for (Instance i : all) {
      long left = deadline - System.nanoTime();
      try {
        if (!i.process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          killTree(i.process);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killTree(i.process);
      }
    }
    timers.shutdownNow();
    exchanges.shutdownNow();
    loop.shutdownNow();
  }

  private <T> T submit(java.util.concurrent.Callable<T> task) {
    try {
      return loop.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  // ---- everything below runs on the loop thread ----

  private void reconcile(Revision r) {
    if (closed) {
      return;
    }
    List<ScalePlan.Live> live =
        r.instances.values().stream()
            .filter(i -> i.state == InstanceState.STARTING || i.state == InstanceState.READY)
            .map(i -> new ScalePlan.Live(i.id, i.state == InstanceState.READY, i.startedAtMillis))
            .toList();
    ScalePlan plan = ScalePlan.plan(live, Math.max(0, r.desired - r.restartsPending));
    for (int id : plan.toStop()) {
      terminate(r, r.instances.get(id));
    }
    for (int n = 0; n < plan.toStart(); n++) {
      start(r);
    }
    if (r.removed && r.instances.isEmpty()) {
      revisions.remove(r.spec.key());
      published.remove(r.spec.key());
      return;
    }
    publish(r);
  }

  private void start(Revision r) {
    int id = nextId++;
    int port;
    try {
      port = freePort();
    } catch (IOException e) {
      r.message = "no free port for a new instance: " + e.getMessage();
      LOG.warning(r.message);
      return;
    }
    Map<String, String> env = new LinkedHashMap<>(hostEnv);
    env.putAll(r.spec.env());
    env.put("PORT", Integer.toString(port));
    env.put("K_SERVICE", r.spec.service());
    env.put("K_REVISION", r.spec.revision());
    env.put("K_CONFIGURATION", r.spec.service());
    Process process;
    long launchedAtNanos = System.nanoTime();
    try {
      process = launcher.launch(r.spec.command(), env, logFile(r.spec, id));
    } catch (IOException e) {
      r.message = "cannot start " + r.spec.command().get(0) + ": " + e.getMessage();
      r.restarts++;
      r.crashes = backoff.crashesAfter(r.crashes, Duration.ZERO);
      LOG.warning(r.spec.key() + ": " + r.message);
      scheduleRestart(r);
      return;
    }
    Instance i = new Instance(id, port, process, clock.millis(), launchedAtNanos);
    r.instances.put(id, i);
    process.onExit().thenRun(() -> loop.execute(() -> exited(r, i)));
    probeLater(r, i, STARTING_PROBE_INTERVAL);
  }

  private void terminate(Revision r, Instance i) {
    i.state = InstanceState.TERMINATING;
    i.process.destroy();
    timers.schedule(
        () -> {
          if (i.process.isAlive()) {
            LOG.info(r.spec.key() + " instance " + i.id + " ignored SIGTERM; killing it");
            killTree(i.process);
          }
        },
        terminationGrace.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void exited(Revision r, Instance i) {
    InstanceState was = i.state;
    i.state = InstanceState.EXITED;
    r.instances.remove(i.id);
    if (was != InstanceState.TERMINATING && !closed) {
      int code = i.process.exitValue();
      Duration uptime = Duration.ofMillis(clock.millis() - i.startedAtMillis);
      r.restarts++;
      r.lastExitCode = code;
      r.crashes = backoff.crashesAfter(r.crashes, uptime);
      r.message =
          "instance exited with code "
              + code
              + " after "
              + uptime.toMillis()
              + " ms"
              + (was == InstanceState.STARTING ? " before becoming ready" : "")
              + "; see its log in "
              + logDir(r.spec.namespace(), r.spec.revision());
      LOG.warning(r.spec.key() + ": " + r.message);
      scheduleRestart(r);
    }
    reconcile(r);
  }

  /** Holds one instance's place for the back-off delay, then lets reconcile start it again. */
  private void scheduleRestart(Revision r) {
    r.restartsPending++;
    Duration delay = backoff.delay(r.crashes);
    timers.schedule(
        () ->
            loop.execute(
                () -> {
                  r.restartsPending--;
                  reconcile(r);
                }),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void probeLater(Revision r, Instance i, Duration after) {
    timers.schedule(() -> probeNow(r, i), after.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * On the timer thread: connects, and hands an HTTP probe's exchange to a thread of its own. A
   * starting instance that refuses the connection is simply probed again from here: only a result
   * that may change something goes through the state thread, so that the hundred-odd refused
   * connects of a start-up cost one thread wake-up each.
   */
  private void probeNow(Revision r, Instance i) {
    if (closed || i.state != InstanceState.STARTING && i.state != InstanceState.READY) {
      return;
    }
    SocketChannel channel = connect(i.port);
    if (channel == null) {
      probeDone(r, i, false);
    } else if (r.spec.readiness() instanceof InstanceSpec.Readiness.HttpGet get) {
      try {
        exchanges.execute(() -> probeDone(r, i, answersOk(channel, get)));
      } catch (RejectedExecutionException closing) {
        closeQuietly(channel);
      }
    } else {
      closeQuietly(channel);
      probeDone(r, i, true);
    }
  }

  private void probeDone(Revision r, Instance i, boolean ok) {
    if (closed) {
      return;
    }
    if (!ok && i.state == InstanceState.STARTING) {
      probeLater(r, i, STARTING_PROBE_INTERVAL);
    } else {
      loop.execute(() -> probed(r, i, ok));
    }
  }

  private void probed(Revision r, Instance i, boolean ok) {
    if (i.state == InstanceState.TERMINATING || i.state == InstanceState.EXITED || closed) {
      return;
    }
    if (ok) {
      i.probeFailures = 0;
      if (i.state == InstanceState.STARTING) {
        i.state = InstanceState.READY;
        r.lastStartup = Duration.ofNanos(System.nanoTime() - i.startedAtNanos);
        publish(r);
      }
      probeLater(r, i, READY_PROBE_INTERVAL);
      return;
    }
    if (i.state == InstanceState.READY && ++i.probeFailures >= READY_PROBE_FAILURES) {
      i.state = InstanceState.STARTING;
      r.message = "instance " + i.id + " stopped answering its readiness check";
      publish(r);
    }
    probeLater(
        r, i, i.state == InstanceState.READY ? READY_PROBE_INTERVAL : STARTING_PROBE_INTERVAL);
  }

  private void publish(Revision r) {
    List<Endpoint> endpoints =
        r.instances.values().stream()
            .filter(i -> i.state == InstanceState.READY)
            .sorted(Comparator.comparingLong(i -> i.startedAtMillis))
            .map(i -> new Endpoint("127.0.0.1", i.port))
            .toList();
    int starting =
        (int) r.instances.values().stream().filter(i -> i.state == InstanceState.STARTING).count();
    RevisionStatus s =
        new RevisionStatus(
            r.spec.key(),
            r.desired,
            endpoints,
            starting,
            r.restarts,
            r.lastExitCode,
            r.message,
            r.lastStartup);
    if (!s.equals(published.put(r.spec.key(), s))) {
      try {
        listener.accept(s);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "status listener failed for " + r.spec.key(), e);
      }
    }
  }

  /**
   * A connection to the instance, or null when it refuses. A blocking channel: a refused connect
   * costs about half of what a java.net.Socket's does, and a starting instance refuses a hundred or
   * so.
   */
  private static SocketChannel connect(int port) {
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 200);
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      return null;
    }
  }

  /** Sends the probe's GET on {@code channel}, closes it, and says whether it got a 2xx or 3xx. */
  private static boolean answersOk(SocketChannel channel, InstanceSpec.Readiness.HttpGet get) {
    try (channel) {
      Socket s = channel.socket();
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + get.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      String status = new String(head, StandardCharsets.US_ASCII);
      return status.length() >= 10
          && status.startsWith("HTTP/1.")
          && (status.charAt(9) == '2' || status.charAt(9) == '3');
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing was sent on it; the descriptor is released either way.
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static final class Revision {
    final InstanceSpec spec;
    final Map<Integer, Instance> instances = new LinkedHashMap<>();
    int desired;
    boolean removed;
    int restartsPending;
    int restarts;
    int crashes;
    Integer lastExitCode;
    String message;
    Duration lastStartup;

    Revision(InstanceSpec spec) {
      this.spec = spec;
    }
  }

  private static final class Instance {
    final int id;
    final int port;
    final Process process;
    final long startedAtMillis;
    // Taken before the launch: start-up time includes starting the process.
    final long startedAtNanos;
    // Written on the state thread; probe threads read it to skip the hop while nothing changes.
    volatile InstanceState state = InstanceState.STARTING;
    int probeFailures;

    Instance(int id, int port, Process process, long startedAtMillis, long startedAtNanos) {
      this.id = id;
      this.port = port;
      this.process = process;
      this.startedAtMillis = startedAtMillis;
      this.startedAtNanos = startedAtNanos;
    }
  }
}
