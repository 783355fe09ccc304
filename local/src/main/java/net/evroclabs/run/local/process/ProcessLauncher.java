package net.evroclabs.run.local.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts operating-system processes. The seam between supervision logic and the OS. */
public interface ProcessLauncher {

  /**
   * Starts {@code command} with exactly {@code env} as its environment, stdout and stderr appended
   * to {@code log}.
   */
  Process launch(List<String> command, Map<String, String> env, Path log) throws IOException;
}
