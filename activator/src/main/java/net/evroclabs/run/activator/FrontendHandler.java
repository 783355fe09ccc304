package net.evroclabs.run.activator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Client side of one HTTP/1.1 connection or one HTTP/2 stream: finds the revision of each request
 * ({@code x-run-revision}; missing 400) and hands it to a {@link ProxyExchange}. A revision the
 * activator does not know yet is waited for up to {@code unknown-revision-wait} (a gateway can hear
 * of a new revision before the activator does), then answered 404 (503 before the first cluster
 * list). One request at a time; pipelined requests wait, unread, until the previous one is
 * answered.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

  private final ProxyRuntime rt;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private ProxyExchange current;
  private RevisionWait waiting;
  private boolean inReadBatch;

  FrontendHandler(ProxyRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inReadBatch = true;
    if (!pipelined.isEmpty() || waiting != null || (current != null && current.requestComplete())) {
      pipelined.add(msg);
      updateReading();
      return;
    }
    handle(msg);
    updateReading();
  }

  private void handle(Object msg) {
    if (msg instanceof FullHttpRequest full) {
      HttpRequest head =
          new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
      head.setDecoderResult(full.decoderResult());
      LastHttpContent body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
      startRequest(head);
      if (waiting != null) {
        pipelined.addFirst(body);
      } else {
        handleContent(body);
      }
    } else if (msg instanceof HttpRequest request) {
      startRequest(request);
    } else if (msg instanceof HttpContent content) {
      handleContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startRequest(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      writeError(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n", false, 0);
      return;
    }
    String value = request.headers().get(ProxyHeaders.REVISION);
    RevisionDispatcher known =
        value != null && rt.registry.isSynced() ? rt.registry.find(value) : null;
    if (known != null) {
      startExchange(known, request);
      return;
    }
    boolean keepAlive = ProxyHeaders.isKeepAlive(request);
    if (value == null) {
      writeError(
          HttpResponseStatus.BAD_REQUEST,
          "missing header " + ProxyHeaders.REVISION + ": <namespace>/<revision>\n",
          keepAlive,
          0);
      return;
    }
    RevisionKey key;
    try {
      key = RevisionKey.parse(value.trim());
    } catch (IllegalArgumentException e) {
      writeError(
          HttpResponseStatus.BAD_REQUEST,
          "bad header " + ProxyHeaders.REVISION + ": " + e.getMessage() + "\n",
          keepAlive,
          0);
      return;
    }
    if (rt.registry.isSynced()) {
      RevisionDispatcher dispatcher = rt.registry.find(key);
      if (dispatcher != null) {
        startExchange(dispatcher, request);
        return;
      }
    }
    long waitNanos = rt.config.unknownRevisionWait().toNanos();
    RevisionWait wait = new RevisionWait(key, request, System.nanoTime());
    if (waitNanos > 0) {
      waiting = wait;
      rt.exchangeStarted();
      if (rt.registry.await(key, wait)) {
        if (waiting == wait) {
          wait.timer = ctx.executor().schedule(wait::expire, waitNanos, TimeUnit.NANOSECONDS);
        }
        return;
      }
      waiting = null;
      rt.exchangeEnded();
    }
    wait.answerUnknown();
  }

  /**
   * A request for a revision that is not known yet: started when the revision arrives, answered 404
   * (503 before the first cluster list) when it does not arrive in time.
   */
  private final class RevisionWait implements Consumer<RevisionDispatcher> {
    private final RevisionKey key;
    private final HttpRequest request;
    private final long arrivalNanos;
    private ScheduledFuture<?> timer;

    RevisionWait(RevisionKey key, HttpRequest request, long arrivalNanos) {
      this.key = key;
      this.request = request;
      this.arrivalNanos = arrivalNanos;
    }

    /** The revision is known now; called on whichever thread applied the cluster list. */
    @Override
    public void accept(RevisionDispatcher dispatcher) {
      if (ctx.executor().inEventLoop()) {
        arrived(dispatcher);
      } else {
        ctx.executor().execute(() -> arrived(dispatcher));
      }
    }

    private void arrived(RevisionDispatcher dispatcher) {
      if (waiting != this) {
        return;
      }
      end();
      rt.metrics.revisionWait(true);
      startExchange(dispatcher, request, arrivalNanos);
      drainPipelined();
      updateReading();
    }

    private void expire() {
      if (waiting == this && rt.registry.stopWaiting(key, this)) {
        end();
        rt.metrics.revisionWait(false);
        answerUnknown();
        drainPipelined();
        updateReading();
      }
    }

    /** The client went away. */
    void cancel() {
      if (waiting == this) {
        rt.registry.stopWaiting(key, this);
        end();
      }
    }

    private void end() {
      waiting = null;
      rt.exchangeEnded();
      if (timer != null) {
        timer.cancel(false);
      }
    }

    void answerUnknown() {
      boolean keepAlive = ProxyHeaders.isKeepAlive(request);
      if (rt.registry.isSynced()) {
        writeError(
            HttpResponseStatus.NOT_FOUND,
            "revision " + key + " is not known to the activator\n",
            keepAlive,
            0);
      } else {
        writeError(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "the activator has not received its configuration from xds-server yet\n",
            keepAlive,
            rt.config.retryAfterSeconds());
      }
    }
  }

  private void startExchange(RevisionDispatcher dispatcher, HttpRequest request) {
    startExchange(dispatcher, request, System.nanoTime());
  }

  private void startExchange(RevisionDispatcher dispatcher, HttpRequest request, long arrival) {
    current = new ProxyExchange(this, ctx.channel(), rt, dispatcher, request, arrival);
    current.start();
  }

  private void handleContent(HttpContent content) {
    if (current == null) {
      content.release();
      return;
    }
    ProxyExchange x = current;
    x.requestContent(content);
    if (content instanceof LastHttpContent && x.isDone() && current == x) {
      current = null;
      drainPipelined();
    }
  }

  /**
   * True between a read from the client and the end of that read batch, which flushes whatever the
   * current exchange wrote to its pod meanwhile: a request head and the body bytes that came with
   * it leave in one write.
   */
  boolean inReadBatch() {
    return inReadBatch;
  }

  /** The exchange answered; the next pipelined request may start once this one is fully read. */
  void exchangeFinished(ProxyExchange x) {
    if (x == current && x.requestComplete()) {
      current = null;
      drainPipelined();
    }
    updateReading();
  }

  private void drainPipelined() {
    while (!pipelined.isEmpty()
        && waiting == null
        && (current == null || !current.requestComplete())) {
      handle(pipelined.poll());
    }
  }

  /**
   * Reads from the client unless something waits: pipelined requests, a full prefix, a slow pod.
   */
  void updateReading() {
    if (ctx == null || ctx.isRemoved()) {
      return;
    }
    boolean read =
        pipelined.isEmpty() && waiting == null && (current == null || !current.blocksClientReads());
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
  }

  /** Writes a short plain-text answer made by the activator itself. */
  void writeError(
      HttpResponseStatus status, String reason, boolean keepAlive, int retryAfterSeconds) {
    ByteBuf body = Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8");
    HttpUtil.setContentLength(response, body.readableBytes());
    if (status == HttpResponseStatus.SERVICE_UNAVAILABLE && retryAfterSeconds > 0) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
    }
    boolean keep = keepAlive && !rt.draining();
    HttpUtil.setKeepAlive(response, keep);
    if (keep) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
    if (current == null) {
      rt.metrics.answered(status.code());
    }
  }

  /** After a 101 answer: the client connection becomes a raw byte tunnel to the pod. */
  void switchToTunnel(TunnelHandler tunnel) {
    ChannelPipeline p = ctx.pipeline();
    if (p.get(HttpServerUpgradeHandler.class) != null) {
      p.remove(HttpServerUpgradeHandler.class);
    }
    if (p.get(HttpServerCodec.class) != null) {
      p.remove(HttpServerCodec.class);
    }
    current = null;
    for (Object msg = pipelined.poll(); msg != null; msg = pipelined.poll()) {
      ReferenceCountUtil.release(msg);
    }
    p.replace(this, "tunnel", tunnel);
    ctx.channel().config().setAutoRead(true);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inReadBatch = false;
    if (current != null) {
      current.flushUpstream();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onClientWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (waiting != null) {
      waiting.cancel();
    }
    ProxyExchange x = current;
    current = null;
    if (x != null) {
      x.onClientClosed();
    }
    for (Object msg = pipelined.poll(); msg != null; msg = pipelined.poll()) {
      ReferenceCountUtil.release(msg);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
