package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.controller.ControllerOptions;
import net.evroclabs.run.controller.LeaderElection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Leader election on a coordination.k8s.io Lease; the lease is released on close. */
public final class LeaseLeaderElection implements LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLeaderElection.class);

  private final KubernetesClient client;
  private final ControllerOptions options;
  private volatile CompletableFuture<?> running;
  private volatile boolean closed;

  public LeaseLeaderElection(KubernetesClient client, ControllerOptions options) {
    this.client = client;
    this.options = options;
  }

  @Override
  public void start(Runnable onStartedLeading, Runnable onStoppedLeading) {
    campaign(onStartedLeading, onStoppedLeading);
  }

  /**
   * Runs one election; when it ends (the lease was lost), campaigns again after a retry period, so
   * that a former leader becomes a standby rather than a bystander.
   */
  private void campaign(Runnable onStartedLeading, Runnable onStoppedLeading) {
    if (closed) {
      return;
    }
    String ns = options.leaseNamespace();
    String name = options.leaseName();
    CompletableFuture<?> election =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(name)
                    .withLeaseDuration(options.leaseDuration())
                    .withRenewDeadline(options.renewDeadline())
                    .withRetryPeriod(options.retryPeriod())
                    .withLock(new LeaseLock(ns, name, options.identity()))
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            onStartedLeading,
                            onStoppedLeading,
                            leader -> LOG.info("lease {}/{} is held by {}", ns, name, leader)))
                    .build())
            .build()
            .start();
    running = election;
    election.whenComplete(
        (result, error) -> {
          if (!closed) {
            LOG.info("lease {}/{}: election ended, campaigning again", ns, name);
            CompletableFuture.runAsync(
                () -> campaign(onStartedLeading, onStoppedLeading),
                CompletableFuture.delayedExecutor(
                    options.retryPeriod().toMillis(), TimeUnit.MILLISECONDS));
          }
        });
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> r = running;
    if (r != null) {
      r.cancel(true);
    }
  }
}
