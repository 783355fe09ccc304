package net.evroclabs.run.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts processes that die with the platform. Where util-linux's {@code setpriv} exists, each
 * process is started through {@code setpriv --pdeathsig KILL}, so the kernel kills it when its
 * parent goes away, even on SIGKILL of the platform. The parent-death signal fires when the
 * <em>thread</em> that forked exits, so every process is started from one long-lived thread.
 */
public final class OsProcessLauncher implements ProcessLauncher, AutoCloseable {

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private final ExecutorService spawner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "run-local-spawner");
            t.setDaemon(true);
            return t;
          });
  private final boolean parentDeathSignal;

  public OsProcessLauncher() {
    this(Files.isExecutable(SETPRIV));
  }

  OsProcessLauncher(boolean parentDeathSignal) {
    this.parentDeathSignal = parentDeathSignal;
  }

  /** Whether started processes die with the platform even when it is killed. */
  public boolean diesWithParent() {
    return parentDeathSignal;
  }

  @Override
  public Process launch(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    List<String> argv = new ArrayList<>();
    if (parentDeathSignal) {
      argv.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    argv.addAll(command);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return spawner
          .submit(
              () -> {
                try {
                  return pb.start();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IOException("could not start " + command, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + command, e);
    }
  }

  @Override
  public void close() {
    spawner.shutdownNow();
  }
}
