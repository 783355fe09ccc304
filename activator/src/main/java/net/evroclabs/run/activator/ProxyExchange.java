package net.evroclabs.run.activator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request on its way through the activator: admitted (sent on or held), connected to a pod,
 * streamed both ways, answered. Lives on the client channel's event loop; only {@link #dispatch}
 * and {@link #revisionRemoved} may be called from elsewhere.
 */
final class ProxyExchange implements RevisionDispatcher.PendingRequest {

  private enum State {
    HELD,
    RETRY_WAIT,
    CONNECTING,
    FORWARDING,
    TUNNEL,
    DONE
  }

  private final FrontendHandler front;
  private final Channel client;
  private final EventLoop loop;
  private final ProxyRuntime rt;
  private final RevisionDispatcher dispatcher;
  private final HttpRequest request;
  private final boolean clientKeepAlive;
  private final boolean upgrade;
  private final long arrivalNanos;
  private ArrayDeque<HttpContent> prefix;
  private int prefixBytes;
  private boolean requestComplete;
  private State state = State.HELD;
  private boolean held;
  private boolean responseStarted;
  private boolean informational;
  private boolean upstreamKeepAlive;
  private int connectFailures;
  private Endpoint endpoint;
  private Channel upstream;
  private UpstreamHandler upstreamHandler;
  private ScheduledFuture<?> deadline;
  private boolean ended;

  ProxyExchange(
      FrontendHandler front,
      Channel client,
      ProxyRuntime rt,
      RevisionDispatcher dispatcher,
      HttpRequest request,
      long arrivalNanos) {
    this.front = front;
    this.client = client;
    this.loop = client.eventLoop();
    this.rt = rt;
    this.dispatcher = dispatcher;
    this.request = request;
    this.clientKeepAlive = ProxyHeaders.isKeepAlive(request);
    this.upgrade = ProxyHeaders.isWebSocketUpgrade(request);
    this.arrivalNanos = arrivalNanos;
    ProxyHeaders.prepareRequest(request);
  }

  /** Admits the request: to a pod now, into the hold queue, or 503 when the queue is full. */
  void start() {
    rt.exchangeStarted();
    RevisionSettings settings = dispatcher.settings();
    // The time a request waited for its revision to become known counts.
    long leftNanos =
        TimeUnit.SECONDS.toNanos(settings.timeoutSeconds()) - (System.nanoTime() - arrivalNanos);
    deadline = loop.schedule(this::onDeadline, Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
    switch (dispatcher.admit(this)) {
      case RevisionDispatcher.Dispatch d -> connect(d.endpoint());
      case RevisionDispatcher.Held h -> {
        held = true;
        if (h.cold()) {
          rt.poke.accept(dispatcher.key());
        }
      }
      case RevisionDispatcher.Overflow o -> {
        rt.metrics.overflow(dispatcher.key());
        state = State.DONE;
        finish();
        fail(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "revision "
                + dispatcher.key()
                + " has "
                + o.limit()
                + " requests waiting for a pod already; retry later\n");
      }
    }
  }

  boolean requestComplete() {
    return requestComplete;
  }

  boolean isDone() {
    return state == State.DONE;
  }

  boolean isTunnel() {
    return state == State.TUNNEL;
  }

  /**
   * True while the client should not be read: prefix full before a pod is connected, or
   * back-pressure.
   */
  boolean blocksClientReads() {
    return switch (state) {
      case HELD, RETRY_WAIT, CONNECTING -> prefixBytes >= rt.config.replayPrefixBytes();
      case FORWARDING -> upstream != null && !upstream.isWritable();
      default -> false;
    };
  }

  @Override
  public void dispatch(Endpoint pod, boolean fromQueue) {
    if (loop.inEventLoop()) {
      dispatchOnLoop(pod);
    } else {
      loop.execute(() -> dispatchOnLoop(pod));
    }
  }

  private void dispatchOnLoop(Endpoint pod) {
    if (state != State.HELD) {
      dispatcher.complete(pod);
      return;
    }
    if (held && connectFailures == 0) {
      rt.metrics.queueWait(dispatcher.key(), System.nanoTime() - arrivalNanos);
    }
    connect(pod);
  }

  @Override
  public void revisionRemoved() {
    loop.execute(
        () -> {
          if (state == State.HELD) {
            state = State.DONE;
            finish();
            fail(
                HttpResponseStatus.NOT_FOUND,
                "revision " + dispatcher.key() + " was deleted while this request waited\n");
          }
        });
  }

  private void connect(Endpoint pod) {
    state = State.CONNECTING;
    endpoint = pod;
    Future<Channel> f =
        upgrade
            ? rt.pool.connectFresh(loop, pod)
            : rt.pool.acquire(loop, pod, dispatcher.settings().protocol());
    if (f.isDone()) {
      onConnected(f, pod);
    } else {
      f.addListener(x -> onConnected(f, pod));
    }
  }

  private void onConnected(Future<Channel> f, Endpoint pod) {
    if (state != State.CONNECTING || endpoint != pod) {
      if (f.isSuccess()) {
        rt.pool.release(f.getNow(), pod, true);
      }
      return;
    }
    if (!f.isSuccess()) {
      rt.metrics.connectFailure();
      connectFailures++;
      state = State.RETRY_WAIT;
      long waitNanos = rt.config.backoff().delay(connectFailures).toNanos();
      loop.schedule(
          () -> {
            if (state == State.RETRY_WAIT && endpoint == pod) {
              state = State.HELD;
              dispatcher.retry(this, pod);
            }
          },
          waitNanos,
          TimeUnit.NANOSECONDS);
      return;
    }
    upstream = f.getNow();
    upstreamHandler = UpstreamHandler.of(upstream);
    upstreamHandler.bind(this);
    state = State.FORWARDING;
    upstream.write(request, upstream.voidPromise());
    if (prefix != null) {
      for (HttpContent c = prefix.poll(); c != null; c = prefix.poll()) {
        upstream.write(c, upstream.voidPromise());
      }
    }
    prefixBytes = 0;
    if (!front.inReadBatch()) {
      upstream.flush();
    }
    front.updateReading();
  }

  /** A piece of the request body from the client. */
  void requestContent(HttpContent content) {
    if (content instanceof LastHttpContent) {
      requestComplete = true;
    }
    switch (state) {
      case FORWARDING -> upstream.write(content, upstream.voidPromise());
      case HELD, RETRY_WAIT, CONNECTING -> {
        if (prefix == null) {
          prefix = new ArrayDeque<>(4);
        }
        prefix.add(content);
        prefixBytes += content.content().readableBytes();
      }
      default -> content.release();
    }
  }

  /** The client's read batch ended: push what was written to the pod. */
  void flushUpstream() {
    if (state == State.FORWARDING && upstream != null) {
      upstream.flush();
    }
  }

  /** The client can take more (or less): pause or resume reading from the pod. */
  void onClientWritabilityChanged() {
    if (state == State.FORWARDING && upstream != null) {
      upstream.config().setAutoRead(client.isWritable());
    }
  }

  /** The client went away: leave the queue at once, or drop the pod connection. */
  void onClientClosed() {
    if (state != State.DONE && state != State.TUNNEL) {
      finish();
    }
  }

  void onUpstreamWritabilityChanged() {
    front.updateReading();
  }

  void onUpstreamReadComplete() {
    client.flush();
  }

  void onResponse(HttpObject msg) {
    if (state != State.FORWARDING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof FullHttpResponse full) {
      HttpResponse head =
          new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers());
      onResponseHead(head);
      if (state == State.FORWARDING) {
        onResponseContent(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
      } else {
        full.release();
      }
    } else if (msg instanceof HttpResponse head) {
      onResponseHead(head);
    } else if (msg instanceof HttpContent content) {
      onResponseContent(content);
    }
  }

  private void onResponseHead(HttpResponse response) {
    int code = response.status().code();
    if (code == 101 && upgrade) {
      switchToTunnel(response);
      return;
    }
    if (code >= 100 && code < 200) {
      informational = true;
      client.write(response, client.voidPromise());
      return;
    }
    deadline.cancel(false);
    responseStarted = true;
    upstreamKeepAlive = ProxyHeaders.isKeepAlive(response);
    ProxyHeaders.prepareResponse(
        response, request.method(), held, clientKeepAlive && !rt.draining());
    if (held) {
      rt.metrics.coldStart(dispatcher.key(), System.nanoTime() - arrivalNanos);
    }
    rt.metrics.answered(code);
    client.write(response, client.voidPromise());
  }

  private void onResponseContent(HttpContent content) {
    if (informational) {
      if (content instanceof LastHttpContent) {
        informational = false;
      }
      client.write(content, client.voidPromise());
      return;
    }
    if (!(content instanceof LastHttpContent)) {
      client.write(content, client.voidPromise());
      if (!client.isWritable()) {
        upstream.config().setAutoRead(false);
      }
      return;
    }
    boolean keepAlive = clientKeepAlive && !rt.draining();
    Channel pod = upstream;
    Endpoint podAddress = endpoint;
    upstreamHandler.unbind();
    upstream = null;
    upstreamHandler = null;
    state = State.DONE;
    finish();
    rt.pool.release(pod, podAddress, upstreamKeepAlive && requestComplete);
    dispatcher.complete(podAddress);
    if (keepAlive) {
      client.writeAndFlush(content, client.voidPromise());
    } else {
      client.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
    }
    front.exchangeFinished(this);
  }

  void onUpstreamClosed() {
    if (state != State.FORWARDING) {
      return;
    }
    upstream = null;
    upstreamHandler = null;
    finish();
    if (responseStarted) {
      client.close();
    } else {
      fail(HttpResponseStatus.BAD_GATEWAY, "the pod closed the connection before answering\n");
    }
  }

  void onUpstreamError(Throwable cause) {
    if (state == State.FORWARDING && upstream != null) {
      upstream.close();
    }
  }

  private void onDeadline() {
    if (state == State.DONE || state == State.TUNNEL || responseStarted) {
      return;
    }
    rt.metrics.timeout(dispatcher.key());
    finish();
    fail(
        HttpResponseStatus.GATEWAY_TIMEOUT,
        "revision "
            + dispatcher.key()
            + " had no ready pod within its timeout of "
            + dispatcher.settings().timeoutSeconds()
            + "s\n");
  }

  private void switchToTunnel(HttpResponse response) {
    deadline.cancel(false);
    responseStarted = true;
    state = State.TUNNEL;
    ProxyHeaders.prepareResponse(response, request.method(), held, true);
    rt.metrics.answered(101);
    Channel pod = upstream;
    Endpoint podAddress = endpoint;
    Runnable closed =
        () -> {
          if (state == State.TUNNEL) {
            state = State.DONE;
            markEnded();
            dispatcher.complete(podAddress);
          }
        };
    client.writeAndFlush(response, client.voidPromise());
    pod.pipeline().replace(UpstreamHandler.class, "tunnel", new TunnelHandler(client, closed));
    pod.pipeline().remove(HttpClientCodec.class);
    front.switchToTunnel(new TunnelHandler(pod, closed));
  }

  /** Releases whatever this request holds (queue slot, pod slot, connection, buffers). */
  private void finish() {
    switch (state) {
      case HELD -> dispatcher.cancel(this);
      case RETRY_WAIT, CONNECTING -> dispatcher.complete(endpoint);
      case FORWARDING -> {
        if (upstream != null) {
          upstreamHandler.unbind();
          upstream.close();
          upstream = null;
          upstreamHandler = null;
        }
        dispatcher.complete(endpoint);
      }
      default -> {}
    }
    state = State.DONE;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    if (prefix != null) {
      for (HttpContent c = prefix.poll(); c != null; c = prefix.poll()) {
        c.release();
      }
    }
    prefixBytes = 0;
    markEnded();
  }

  private void markEnded() {
    if (!ended) {
      ended = true;
      rt.exchangeEnded();
    }
  }

  /** Answers with a short plain-text error, unless the response already began. */
  private void fail(HttpResponseStatus status, String reason) {
    if (responseStarted || !client.isActive()) {
      front.exchangeFinished(this);
      return;
    }
    responseStarted = true;
    boolean keepAlive = clientKeepAlive && !rt.draining();
    front.writeError(status, reason, keepAlive, rt.config.retryAfterSeconds());
    rt.metrics.answered(status.code());
    front.exchangeFinished(this);
  }

  @Override
  public String toString() {
    return request.method() + " " + request.uri() + " for " + dispatcher.key();
  }
}
