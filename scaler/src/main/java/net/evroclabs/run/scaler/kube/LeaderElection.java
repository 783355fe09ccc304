package net.evroclabs.run.scaler.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Leader election on a Kubernetes Lease: only the leader ticks and scales. */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  private final CompletableFuture<?> running;

  private LeaderElection(CompletableFuture<?> running) {
    this.running = running;
  }

  public static LeaderElection start(
      KubernetesClient client,
      String namespace,
      String name,
      String identity,
      Runnable onLead,
      Runnable onFollow) {
    CompletableFuture<?> running =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(name)
                    .withLeaseDuration(Duration.ofSeconds(15))
                    .withRenewDeadline(Duration.ofSeconds(10))
                    .withRetryPeriod(Duration.ofSeconds(2))
                    .withLock(new LeaseLock(namespace, name, identity))
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            onLead,
                            onFollow,
                            leader ->
                                LOG.info("lease {}/{} is held by {}", namespace, name, leader)))
                    .build())
            .build()
            .start();
    return new LeaderElection(running);
  }

  @Override
  public void close() {
    running.cancel(true);
  }
}
