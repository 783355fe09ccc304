package net.evroclabs.run.activator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Connections to pods, kept per event loop so that a request and its pod connection share a thread:
 * pooled keep-alive HTTP/1.1 connections, and one multiplexed h2c connection per pod. Every method
 * runs on the event loop passed in.
 */
final class UpstreamPool {

  private final Transport transport;
  private final int connectTimeoutMillis;
  private final int maxIdlePerPod;
  private final FastThreadLocal<Map<Endpoint, ArrayDeque<Channel>>> idle =
      new FastThreadLocal<>() {
        @Override
        protected Map<Endpoint, ArrayDeque<Channel>> initialValue() {
          return new HashMap<>();
        }
      };
  private final FastThreadLocal<Map<Endpoint, ChannelFuture>> h2c =
      new FastThreadLocal<>() {
        @Override
        protected Map<Endpoint, ChannelFuture> initialValue() {
          return new HashMap<>();
        }
      };

  UpstreamPool(Transport transport, Duration connectTimeout, int maxIdlePerPod) {
    this.transport = transport;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.maxIdlePerPod = maxIdlePerPod;
  }

  /** A channel to {@code pod} ending in an {@link UpstreamHandler}, pooled when possible. */
  Future<Channel> acquire(EventLoop loop, Endpoint pod, RevisionSettings.Protocol protocol) {
    if (protocol == RevisionSettings.Protocol.H2C) {
      return openStream(loop, pod);
    }
    ArrayDeque<Channel> channels = idle.get().get(pod);
    while (channels != null && !channels.isEmpty()) {
      Channel ch = channels.pollFirst();
      if (ch.isActive()) {
        return loop.newSucceededFuture(ch);
      }
    }
    return connect(loop, pod, true);
  }

  /** A fresh HTTP/1.1 connection that is never pooled (WebSocket upgrades). */
  Future<Channel> connectFresh(EventLoop loop, Endpoint pod) {
    return connect(loop, pod, false);
  }

  /** Returns a channel after a complete exchange; closes it when it cannot be reused. */
  void release(Channel ch, Endpoint pod, boolean reusable) {
    UpstreamHandler handler = UpstreamHandler.of(ch);
    if (handler != null) {
      handler.unbind();
    }
    ch.config().setAutoRead(true);
    if (!reusable || handler == null || !handler.reusable() || !ch.isActive()) {
      ch.close();
      return;
    }
    ArrayDeque<Channel> channels = idle.get().computeIfAbsent(pod, p -> new ArrayDeque<>());
    if (channels.size() >= maxIdlePerPod) {
      ch.close();
      return;
    }
    channels.addFirst(ch);
  }

  private Future<Channel> connect(EventLoop loop, Endpoint pod, boolean reusable) {
    Promise<Channel> promise = loop.newPromise();
    ChannelFuture f =
        bootstrap(loop)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec(4096, 16 * 1024, 64 * 1024))
                        .addLast(new UpstreamHandler(reusable));
                  }
                })
            .connect(new InetSocketAddress(pod.host(), pod.port()));
    if (reusable) {
      Channel ch = f.channel();
      ch.closeFuture()
          .addListener(
              x -> {
                ArrayDeque<Channel> channels = idle.get().get(pod);
                if (channels != null) {
                  channels.remove(ch);
                }
              });
    }
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            promise.setSuccess(f.channel());
          } else {
            promise.setFailure(x.cause());
          }
        });
    return promise;
  }

  private Future<Channel> openStream(EventLoop loop, Endpoint pod) {
    Map<Endpoint, ChannelFuture> conns = h2c.get();
    ChannelFuture parent = conns.get(pod);
    if (parent == null || (parent.isDone() && !parent.channel().isActive())) {
      parent = connectH2c(loop, pod);
      conns.put(pod, parent);
      ChannelFuture mine = parent;
      parent
          .channel()
          .closeFuture()
          .addListener(
              x -> {
                if (conns.get(pod) == mine) {
                  conns.remove(pod);
                }
              });
    }
    Promise<Channel> promise = loop.newPromise();
    ChannelFuture p = parent;
    p.addListener(
        x -> {
          if (!x.isSuccess()) {
            promise.setFailure(x.cause());
            return;
          }
          new Http2StreamChannelBootstrap(p.channel())
              .handler(
                  new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                      ch.pipeline()
                          .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                          .addLast(new UpstreamHandler(false));
                    }
                  })
              .open()
              .addListener(
                  s -> {
                    if (s.isSuccess()) {
                      promise.setSuccess((Channel) s.getNow());
                    } else {
                      promise.setFailure(s.cause());
                    }
                  });
        });
    return promise;
  }

  private ChannelFuture connectH2c(EventLoop loop, Endpoint pod) {
    return bootstrap(loop)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(Http2FrameCodecBuilder.forClient().build())
                    .addLast(new Http2MultiplexHandler(new RefuseServerPush()));
              }
            })
        .connect(new InetSocketAddress(pod.host(), pod.port()));
  }

  private Bootstrap bootstrap(EventLoop loop) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.channel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
  }

  /** Pods may not open streams towards the activator. */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class RefuseServerPush extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }
}
