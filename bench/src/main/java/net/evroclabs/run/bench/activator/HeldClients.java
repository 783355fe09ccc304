package net.evroclabs.run.bench.activator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Many HTTP/1.1 connections, each sending one request, counting the answers. */
final class HeldClients implements AutoCloseable {

  final AtomicInteger ok = new AtomicInteger();
  final AtomicInteger coldStart = new AtomicInteger();
  final AtomicInteger other = new AtomicInteger();
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final List<Channel> channels = new ArrayList<>();

  /** Opens {@code n} connections to {@code port} and sends {@code GET path} on each. */
  void send(int port, int n, String revision, String path) throws InterruptedException {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(
                            new SimpleChannelInboundHandler<HttpObject>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, HttpObject m) {
                                if (m instanceof HttpResponse r) {
                                  (r.status().code() == 200 ? ok : other).incrementAndGet();
                                  if ("true".equals(r.headers().get("x-run-cold-start"))) {
                                    coldStart.incrementAndGet();
                                  }
                                }
                              }
                            });
                  }
                });
    for (int i = 0; i < n; i++) {
      Channel ch = b.connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
      channels.add(ch);
      FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
      req.headers().set("host", "bench").set("x-run-revision", revision).set("content-length", 0);
      ch.writeAndFlush(req);
    }
  }

  int answered() {
    return ok.get() + other.get();
  }

  @Override
  public void close() {
    channels.forEach(Channel::close);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
