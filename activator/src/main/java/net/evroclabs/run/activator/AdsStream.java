package net.evroclabs.run.activator;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One state-of-the-world ADS stream to xds-server, kept open: it reconnects with backoff when the
 * stream ends, and its {@link Handler} keeps the last known state meanwhile. Responses are handled
 * where they arrive, on the transport thread, one at a time (under this stream's lock); a response
 * of a type the handler does not use is NACKed.
 */
public final class AdsStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdsStream.class);

  /** What a stream's owner does with it; every call is made under the stream's lock. */
  public interface Handler {

    /** A new stream is open: (re)send the subscriptions. */
    void opened();

    /**
     * Applies a response and ACKs or NACKs it; false when its type is not one this handler uses.
     */
    boolean respond(DiscoveryResponse response);

    /** The stream delivered its first response (true), or ended (false). */
    default void connectionChanged(boolean connected) {}
  }

  private final ManagedChannel channel;
  private final Node node;
  private final String what;
  private final IntFunction<Duration> backoff;
  private final ScheduledExecutorService scheduler;
  private Handler handler;

  private Responses current;
  private StreamObserver<DiscoveryRequest> requests;
  private int failures;
  private boolean closed;
  private volatile boolean connected;

  /**
   * @param what the stream's subject, for logs and NACK messages ("the activator", "the ingress")
   * @param backoff delay before reconnect attempt {@code n} (1-based)
   */
  public AdsStream(
      ManagedChannel channel,
      String nodeId,
      String nodeCluster,
      String what,
      IntFunction<Duration> backoff,
      ScheduledExecutorService scheduler) {
    this.channel = channel;
    this.node = Node.newBuilder().setId(nodeId).setCluster(nodeCluster).build();
    this.what = what;
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /** Opens the stream for {@code handler}; failures are retried in the background. */
  public synchronized void start(Handler handler) {
    this.handler = handler;
    open();
  }

  private synchronized void open() {
    if (closed) {
      return;
    }
    Responses stream = new Responses();
    current = stream;
    // A hop through gRPC's executor would delay every update; applying one only hands work on. A
    // call that fails at once reports so right here, before this returns.
    StreamObserver<DiscoveryRequest> observer =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .withExecutor(MoreExecutors.directExecutor())
            .streamAggregatedResources(stream);
    if (current != stream) {
      return;
    }
    requests = observer;
    handler.opened();
  }

  /** True while a stream is open and has delivered at least one response. */
  public boolean isConnected() {
    return connected;
  }

  /**
   * Sends a request for {@code names} of {@code typeUrl} (none: wildcard) that acknowledges {@code
   * version} and {@code nonce}, or rejects them when {@code error} is not null. Dropped while no
   * stream is open: the next stream's {@link Handler#opened} subscribes again.
   */
  public synchronized void send(
      String typeUrl, String version, String nonce, Iterable<String> names, String error) {
    if (requests != null) {
      requests.onNext(XdsRequests.of(node, typeUrl, version, nonce, names, error));
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (requests != null) {
      requests.onCompleted();
    }
    channel.shutdownNow();
  }

  private synchronized void onResponse(Responses stream, DiscoveryResponse response) {
    if (stream != current) {
      return;
    }
    failures = 0;
    if (!connected) {
      connected = true;
      handler.connectionChanged(true);
    }
    if (!handler.respond(response)) {
      send(
          response.getTypeUrl(),
          "",
          response.getNonce(),
          List.of(),
          "type " + response.getTypeUrl() + " is not used by " + what);
    }
  }

  private synchronized void onEnd(Responses stream, Throwable error) {
    if (stream != current || closed) {
      return;
    }
    connected = false;
    handler.connectionChanged(false);
    failures++;
    long delayMs = backoff.apply(failures).toMillis();
    LOG.warn(
        "xDS stream of {} ended ({}); keeping the last known state, reconnecting in {} ms",
        what,
        error == null ? "completed by server" : error.toString(),
        delayMs);
    current = null;
    requests = null;
    scheduler.schedule(this::open, delayMs, TimeUnit.MILLISECONDS);
  }

  private final class Responses implements StreamObserver<DiscoveryResponse> {
    @Override
    public void onNext(DiscoveryResponse value) {
      onResponse(this, value);
    }

    @Override
    public void onError(Throwable t) {
      onEnd(this, t);
    }

    @Override
    public void onCompleted() {
      onEnd(this, null);
    }
  }
}
