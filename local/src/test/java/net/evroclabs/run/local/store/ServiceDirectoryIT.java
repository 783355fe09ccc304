package net.evroclabs.run.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceDirectoryIT {

  @TempDir Path dir;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private ServiceDirectory directory;

  private final ServiceDirectory.Listener listener =
      new ServiceDirectory.Listener() {
        @Override
        public void upserted(Service s) {
          events.add(
              "upsert "
                  + s.getMetadata().getName()
                  + " "
                  + s.getSpec().getTemplate().getContainer().getEnv().get(0).getValue());
        }

        @Override
        public void deleted(String namespace, String name) {
          events.add("delete " + namespace + "/" + name);
        }

        @Override
        public void rejected(Path file, List<String> errors) {
          events.add("reject " + file.getFileName() + " " + errors.size());
        }
      };

  @AfterEach
  void stop() throws Exception {
    directory.close();
  }

  private void startWatching() throws Exception {
    directory = new ServiceDirectory(dir, PlatformConfig.defaults(), listener);
    directory.start();
  }

  @Test
  void filesPresentAtStartAreRead() throws Exception {
    Files.writeString(dir.resolve("hello.yaml"), ServiceFilesTest.HELLO);
    Files.writeString(dir.resolve("notes.txt"), "not a service");
    startWatching();
    assertThat(events).containsExactly("upsert hello world");
  }

  @Test
  void editsUpsertInvalidEditsKeepTheLastGoodServiceAndDeletionsDelete() throws Exception {
    startWatching();
    Path f = dir.resolve("hello.yaml");
    Files.writeString(f, ServiceFilesTest.HELLO);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("upsert hello world"));

    Files.writeString(f, ServiceFilesTest.HELLO.replace("value: world", "value: again"));
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("upsert hello again"));

    Files.writeString(f, ServiceFilesTest.HELLO.replace("name: HELLO", "name: PORT"));
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("reject hello.yaml 1"));
    assertThat(events).noneMatch(e -> e.startsWith("delete"));

    Files.delete(f);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("delete default/hello"));
  }

  @Test
  void aServiceDefinedInTwoFilesIsRejectedInTheSecond() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), ServiceFilesTest.HELLO);
    Files.writeString(dir.resolve("b.yaml"), ServiceFilesTest.HELLO);
    startWatching();
    assertThat(events).containsExactly("upsert hello world", "reject b.yaml 1");
  }
}
