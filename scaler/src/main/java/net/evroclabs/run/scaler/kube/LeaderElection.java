package net.evroclabs.run.scaler.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Kubernetes Lease: only the leader ticks and scales. An instance that loses
 * the lease (or fails to reach the API server) stops leading and competes again, so some instance
 * always leads.
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final LeaderElectionConfig config;
  private volatile boolean closed;
  private volatile CompletableFuture<?> running;

  private LeaderElection(KubernetesClient client, LeaderElectionConfig config) {
    this.client = client;
    this.config = config;
  }

  public static LeaderElection start(
      KubernetesClient client,
      String namespace,
      String name,
      String identity,
      Runnable onLead,
      Runnable onFollow) {
    LeaderElectionConfig config =
        new LeaderElectionConfigBuilder()
            .withName(name)
            .withLeaseDuration(Duration.ofSeconds(15))
            .withRenewDeadline(Duration.ofSeconds(10))
            .withRetryPeriod(RETRY)
            .withLock(new LeaseLock(namespace, name, identity))
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    onLead,
                    onFollow,
                    leader -> LOG.info("lease {}/{} is held by {}", namespace, name, leader)))
            .build();
    LeaderElection election = new LeaderElection(client, config);
    election.compete();
    return election;
  }

  private void compete() {
    if (closed) {
      return;
    }
    CompletableFuture<?> f = client.leaderElector().withConfig(config).build().start();
    running = f;
    f.whenComplete(
        (result, error) -> {
          if (closed) {
            return;
          }
          LOG.info(
              "leader election ended ({}); competing again in {}",
              error == null ? "lease lost" : error.toString(),
              RETRY);
          CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS)
              .execute(this::compete);
        });
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> f = running;
    if (f != null) {
      f.cancel(true);
    }
  }
}
