package net.evroclabs.run.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.evroclabs.run.local.process.ProcessWorkloads;
import net.evroclabs.run.xds.pipeline.Change;
import org.junit.jupiter.api.Test;

class LocalXdsFeedTest {

  private final List<Change> changes = new ArrayList<>();
  private final LocalXdsFeed feed = new LocalXdsFeed(changes::add);

  private static ProcessWorkloads.RevisionStatus ready(int... ports) {
    List<ProcessWorkloads.Endpoint> endpoints = new ArrayList<>();
    for (int p : ports) {
      endpoints.add(new ProcessWorkloads.Endpoint("127.0.0.1", p));
    }
    return new ProcessWorkloads.RevisionStatus(
        "team-a/hello-00001", ports.length, endpoints, 0, 0, null, null, null);
  }

  @Test
  void readyInstancesArePodsWithTheirOwnPortsAndGoneOnesAreDeleted() {
    feed.instances(ready(41001, 41002));
    changes.clear();

    feed.instances(ready(41002));

    assertThat(changes)
        .containsExactly(
            new Change.PodUpserted(
                "team-a", "hello-00001-41002", "hello-00001", "[127.0.0.1]:41002"),
            new Change.PodDeleted("team-a", "hello-00001-41001"));
  }
}
