package net.evroclabs.run.activator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pod on loopback: {@code GET /} says hello, {@code /sleep?ms=N} answers late, {@code POST
 * /upload} counts the body, {@code /download?bytes=N} streams N bytes; it records arrival order
 * ({@code x-seq}), peak concurrency and any {@code x-run-*} header it was sent.
 */
final class TestBackend implements AutoCloseable {

  enum Kind {
    HTTP1,
    H2C,
    WEBSOCKET_ECHO
  }

  final List<String> order = new CopyOnWriteArrayList<>();
  final List<String> internalHeadersSeen = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicLong uploaded = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel server;

  TestBackend(Kind kind, int port) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    switch (kind) {
                      case HTTP1 ->
                          ch.pipeline().addLast(new HttpServerCodec()).addLast(new Handler());
                      case H2C ->
                          ch.pipeline()
                              .addLast(Http2FrameCodecBuilder.forServer().build())
                              .addLast(
                                  new Http2MultiplexHandler(
                                      new ChannelInitializer<Http2StreamChannel>() {
                                        @Override
                                        protected void initChannel(Http2StreamChannel s) {
                                          s.pipeline()
                                              .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                                              .addLast(new Handler());
                                        }
                                      }));
                      case WEBSOCKET_ECHO ->
                          ch.pipeline()
                              .addLast(new HttpServerCodec())
                              .addLast(new HttpObjectAggregator(65536))
                              .addLast(new WebSocketServerProtocolHandler("/ws"))
                              .addLast(new Echo());
                    }
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", port))
            .sync()
            .channel();
  }

  static TestBackend http1() throws InterruptedException {
    return new TestBackend(Kind.HTTP1, 0);
  }

  Endpoint endpoint() {
    return new Endpoint("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
  }

  int maxConcurrent() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private HttpRequest request;
    private long bytes;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest r) {
        request = r;
        bytes = 0;
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String seq = r.headers().get("x-seq");
        if (seq != null) {
          order.add(seq);
        }
        for (String name : r.headers().names()) {
          if (name.toLowerCase().startsWith("x-run-")) {
            internalHeadersSeen.add(name);
          }
        }
      }
      if (msg instanceof HttpContent c) {
        bytes += c.content().readableBytes();
        if (request.uri().startsWith("/upload")) {
          uploaded.addAndGet(c.content().readableBytes());
        }
      }
      if (msg instanceof LastHttpContent) {
        respond(ctx, request, bytes);
      }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest r, long received) {
      QueryStringDecoder q = new QueryStringDecoder(r.uri());
      switch (q.path()) {
        case "/sleep" -> {
          long ms = Long.parseLong(q.parameters().get("ms").get(0));
          ctx.executor()
              .schedule(() -> text(ctx, r, "slept " + ms + "\n"), ms, TimeUnit.MILLISECONDS);
        }
        case "/upload" -> text(ctx, r, Long.toString(received));
        case "/download" -> {
          long n = Long.parseLong(q.parameters().get("bytes").get(0));
          HttpResponse head = new DefaultHttpResponse(r.protocolVersion(), HttpResponseStatus.OK);
          HttpUtil.setContentLength(head, n);
          inFlight.decrementAndGet();
          ctx.write(head);
          stream(ctx, n);
        }
        default -> text(ctx, r, "hello from " + endpoint() + "\n");
      }
    }

    /** Writes {@code left} zero bytes, one 64 KiB chunk after the previous one was sent. */
    private void stream(ChannelHandlerContext ctx, long left) {
      if (left == 0) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        return;
      }
      int n = (int) Math.min(64 * 1024, left);
      ByteBuf chunk = ctx.alloc().buffer(n);
      chunk.writeZero(n);
      ctx.writeAndFlush(new DefaultHttpContent(chunk))
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  ctx.executor().execute(() -> stream(ctx, left - n));
                }
              });
    }

    private void text(ChannelHandlerContext ctx, HttpRequest r, String body) {
      FullHttpResponse resp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      HttpUtil.setContentLength(resp, resp.content().readableBytes());
      inFlight.decrementAndGet();
      if (HttpUtil.isKeepAlive(r)) {
        ctx.writeAndFlush(resp);
      } else {
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
    }
  }
}
