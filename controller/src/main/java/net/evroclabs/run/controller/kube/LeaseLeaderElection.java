package net.evroclabs.run.controller.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
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

  public LeaseLeaderElection(KubernetesClient client, ControllerOptions options) {
    this.client = client;
    this.options = options;
  }

  @Override
  public void start(Runnable onStartedLeading, Runnable onStoppedLeading) {
    String ns = options.leaseNamespace();
    String name = options.leaseName();
    running =
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
  }

  @Override
  public void close() {
    CompletableFuture<?> r = running;
    if (r != null) {
      r.cancel(true);
    }
  }
}
