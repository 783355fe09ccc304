package net.evroclabs.run.bench.activator;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import net.evroclabs.run.activator.Transport;

/**
 * The last hop of a release without the activator: a request handed from a bench thread to an event
 * loop (the transport the activator uses), which opens a new connection to the pod and sends the
 * request on it, as the activator's event loop does when an EDS update hands it a ready pod.
 */
final class FreshConnection implements AutoCloseable {

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;

  FreshConnection() {
    Transport transport = Transport.detect();
    group = transport.group(1, "bench-fresh-connection");
    bootstrap =
        new Bootstrap()
            .group(group)
            .channel(transport.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec());
                  }
                });
  }

  /**
   * Sends {@code GET /<tag>/} to {@code port} over a new connection and waits for the answer;
   * returns System.nanoTime() from just before the hand-off to the event loop.
   */
  long send(int port, String tag) throws Exception {
    Promise<Void> answered = group.next().newPromise();
    long t0 = System.nanoTime();
    ChannelFuture connect = bootstrap.connect(new InetSocketAddress("127.0.0.1", port));
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            answered.tryFailure(f.cause());
            return;
          }
          Channel ch = connect.channel();
          ch.pipeline()
              .addLast(
                  new SimpleChannelInboundHandler<HttpObject>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                      if (msg instanceof LastHttpContent) {
                        answered.trySuccess(null);
                        ctx.close();
                      }
                    }
                  });
          DefaultFullHttpRequest request =
              new DefaultFullHttpRequest(
                  HttpVersion.HTTP_1_1, HttpMethod.GET, "/" + tag + "/", Unpooled.EMPTY_BUFFER);
          request.headers().set(HttpHeaderNames.HOST, "pod");
          ch.writeAndFlush(request);
        });
    if (!answered.await(5, TimeUnit.SECONDS) || !answered.isSuccess()) {
      throw new IllegalStateException("the pod did not answer " + tag, answered.cause());
    }
    return t0;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
