package net.evroclabs.run.activator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/** Last handler of a connection (or HTTP/2 stream) to a pod: hands events to the bound request. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private final boolean reusable;
  private ProxyExchange exchange;

  UpstreamHandler(boolean reusable) {
    this.reusable = reusable;
  }

  /** The handler of a pod channel: always the last one of its pipeline. */
  static UpstreamHandler of(Channel ch) {
    return ch.pipeline().last() instanceof UpstreamHandler h
        ? h
        : ch.pipeline().get(UpstreamHandler.class);
  }

  /** True for pooled HTTP/1.1 connections; streams and tunnels are used once. */
  boolean reusable() {
    return reusable;
  }

  void bind(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  void unbind() {
    this.exchange = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ProxyExchange x = exchange;
    if (x == null || !(msg instanceof HttpObject http)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    x.onResponse(http);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ProxyExchange x = exchange;
    if (x != null) {
      x.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ProxyExchange x = exchange;
    if (x != null) {
      x.onUpstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ProxyExchange x = exchange;
    exchange = null;
    if (x != null) {
      x.onUpstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ProxyExchange x = exchange;
    if (x != null) {
      x.onUpstreamError(cause);
    }
    ctx.close();
  }
}
