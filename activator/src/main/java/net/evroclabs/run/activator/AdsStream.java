package net.evroclabs.run.activator;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ADS stream to xds-server, state of the world or delta, kept open: it reconnects with backoff
 * when the stream ends, and its {@link Handler} keeps the last known state meanwhile. Responses are
 * handled where they arrive, on the transport thread, one at a time (under this stream's lock).
 *
 * @param <Q> the requests ({@link DiscoveryRequest} or {@link DeltaDiscoveryRequest})
 * @param <R> the responses
 */
public final class AdsStream<Q, R> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdsStream.class);

  /** What a stream's owner does with it; every call is made under the stream's lock. */
  public interface Handler<R> {

    /** A new stream is open: (re)send the subscriptions. */
    void opened();

    /** Applies a response and ACKs or NACKs it (also one of a type the handler does not use). */
    void respond(R response);

    /** The stream delivered its first response (true), or ended (false). */
    default void connectionChanged(boolean connected) {}
  }

  private final ManagedChannel channel;
  private final BiFunction<AggregatedDiscoveryServiceStub, StreamObserver<R>, StreamObserver<Q>>
      call;
  private final String what;
  private final IntFunction<Duration> backoff;
  private final ScheduledExecutorService scheduler;
  private Handler<R> handler;

  private Responses current;
  private StreamObserver<Q> requests;
  private int failures;
  private boolean closed;
  private volatile boolean connected;

  /**
   * A state-of-the-world stream.
   *
   * @param what the stream's subject, for logs ("the activator", "the ingress")
   * @param backoff delay before reconnect attempt {@code n} (1-based)
   */
  public static AdsStream<DiscoveryRequest, DiscoveryResponse> stateOfTheWorld(
      ManagedChannel channel,
      String what,
      IntFunction<Duration> backoff,
      ScheduledExecutorService scheduler) {
    return new AdsStream<>(
        channel,
        AggregatedDiscoveryServiceStub::streamAggregatedResources,
        what,
        backoff,
        scheduler);
  }

  /** A delta stream; the parameters as for {@link #stateOfTheWorld}. */
  public static AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> delta(
      ManagedChannel channel,
      String what,
      IntFunction<Duration> backoff,
      ScheduledExecutorService scheduler) {
    return new AdsStream<>(
        channel,
        AggregatedDiscoveryServiceStub::deltaAggregatedResources,
        what,
        backoff,
        scheduler);
  }

  private AdsStream(
      ManagedChannel channel,
      BiFunction<AggregatedDiscoveryServiceStub, StreamObserver<R>, StreamObserver<Q>> call,
      String what,
      IntFunction<Duration> backoff,
      ScheduledExecutorService scheduler) {
    this.channel = channel;
    this.call = call;
    this.what = what;
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /** Opens the stream for {@code handler}; failures are retried in the background. */
  public synchronized void start(Handler<R> handler) {
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
    StreamObserver<Q> observer =
        call.apply(
            AggregatedDiscoveryServiceGrpc.newStub(channel)
                .withExecutor(MoreExecutors.directExecutor()),
            stream);
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
   * Sends a request. Dropped while no stream is open: the next stream's {@link Handler#opened}
   * subscribes again.
   */
  public synchronized void send(Q request) {
    if (requests != null) {
      requests.onNext(request);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (requests != null) {
      requests.onCompleted();
    }
    channel.shutdownNow();
  }

  private synchronized void onResponse(Responses stream, R response) {
    if (stream != current) {
      return;
    }
    failures = 0;
    if (!connected) {
      connected = true;
      handler.connectionChanged(true);
    }
    handler.respond(response);
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

  private final class Responses implements StreamObserver<R> {
    @Override
    public void onNext(R value) {
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
