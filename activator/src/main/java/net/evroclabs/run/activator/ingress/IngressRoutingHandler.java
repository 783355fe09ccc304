package net.evroclabs.run.activator.ingress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Routes each request of an ingress connection by its host: direct answers and redirects are
 * written here; forwarded requests get the route's headers (among them {@code x-run-revision},
 * after every client {@code x-run-*} header was removed) and go on to the activator's own handler.
 * Counts forwarded requests per revision in {@link IngressTraffic}.
 *
 * <p>One connection, HTTP/1.1: responses leave in request order. A request answered here while a
 * forwarded one still waits for its response cannot be answered in order; it is dropped and the
 * connection closes after the outstanding responses (the client retries it on a new connection).
 */
final class IngressRoutingHandler extends ChannelDuplexHandler {

  private enum Mode {
    IDLE,
    FORWARD,
    DISCARD
  }

  private record Outstanding(String revision, long startNanos) {}

  private final Supplier<HostRouter> routes;
  private final IngressTraffic traffic;
  private final int retryAfterSeconds;
  private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
  private Mode mode = Mode.IDLE;
  private boolean interim;
  private boolean closeAfterOutstanding;

  IngressRoutingHandler(
      Supplier<HostRouter> routes, IngressTraffic traffic, int retryAfterSeconds) {
    this.routes = routes;
    this.traffic = traffic;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      startRequest(ctx, request);
    } else if (msg instanceof HttpContent) {
      if (mode == Mode.FORWARD) {
        ctx.fireChannelRead(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
    } else {
      // Bytes of a tunnel (after 101) or anything the codec does not know: not ours.
      ctx.fireChannelRead(msg);
    }
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    if (closeAfterOutstanding) {
      mode = Mode.DISCARD;
      ReferenceCountUtil.release(request);
      return;
    }
    if (request.decoderResult().isFailure()) {
      // The activator's handler answers 400 to it.
      forward(ctx, request, null);
      return;
    }
    HostRouter router = routes.get();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (router == null) {
      answer(
          ctx,
          request,
          503,
          "the ingress has not received its routes from xds-server yet\n",
          null,
          keepAlive);
      return;
    }
    String authority = request.headers().get(HttpHeaderNames.HOST);
    String target = request.uri();
    if (!target.startsWith("/")) {
      // Absolute form (GET https://host/path): its authority wins over Host (RFC 9112 3.2.2).
      try {
        URI u = new URI(target);
        if (u.getRawAuthority() != null) {
          authority = u.getRawAuthority();
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        target = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
      } catch (URISyntaxException e) {
        // Routed as sent: no path-based route matches it.
      }
    }
    String host = HostRouter.normalizeHost(authority);
    if (host.isEmpty()) {
      answer(ctx, request, 400, "missing Host header\n", null, keepAlive);
      return;
    }
    HttpHeaders headers = request.headers();
    HostRouter.Decision decision =
        router.route(host, target, headers::get, ThreadLocalRandom.current()::nextDouble);
    switch (decision) {
      case HostRouter.Forward f -> {
        List<String> reserved = new ArrayList<>();
        for (String name : headers.names()) {
          if (name.toLowerCase(Locale.ROOT).startsWith("x-run-")) {
            reserved.add(name);
          }
        }
        reserved.forEach(headers::remove);
        f.headersToRemove().forEach(headers::remove);
        for (Map.Entry<String, String> h : f.headersToAdd().entrySet()) {
          headers.set(h.getKey(), h.getValue());
        }
        forward(ctx, request, f.revision());
      }
      case HostRouter.Respond r -> answer(ctx, request, r.status(), r.body(), null, keepAlive);
      case HostRouter.Redirect r -> answer(ctx, request, r.status(), "", r.location(), keepAlive);
    }
  }

  private void forward(ChannelHandlerContext ctx, HttpRequest request, String revision) {
    outstanding.add(new Outstanding(revision, System.nanoTime()));
    if (revision != null) {
      traffic.started(revision);
    }
    mode = Mode.FORWARD;
    ctx.fireChannelRead(request);
  }

  private void answer(
      ChannelHandlerContext ctx,
      HttpRequest request,
      int status,
      String body,
      String location,
      boolean keepAlive) {
    mode = request instanceof LastHttpContent ? Mode.IDLE : Mode.DISCARD;
    ReferenceCountUtil.release(request);
    if (!outstanding.isEmpty()) {
      closeAfterOutstanding = true;
      mode = Mode.DISCARD;
      return;
    }
    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8");
    HttpUtil.setContentLength(response, content.readableBytes());
    if (location != null) {
      response.headers().set(HttpHeaderNames.LOCATION, location);
    }
    if (status == 503) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL
        && response.status().code() != 101) {
      interim = true;
    }
    boolean ended = false;
    if (msg instanceof LastHttpContent) {
      if (interim) {
        interim = false;
      } else {
        Outstanding o = outstanding.poll();
        if (o != null) {
          ended = true;
          observe(o);
        }
      }
    }
    ctx.write(msg, promise);
    if (ended && closeAfterOutstanding && outstanding.isEmpty()) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void observe(Outstanding o) {
    if (o.revision() != null) {
      traffic.ended(o.revision(), (System.nanoTime() - o.startNanos()) / 1e6);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Outstanding o = outstanding.poll(); o != null; o = outstanding.poll()) {
      observe(o);
    }
    ctx.fireChannelInactive();
  }
}
