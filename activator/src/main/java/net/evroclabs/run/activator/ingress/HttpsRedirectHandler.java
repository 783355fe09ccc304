package net.evroclabs.run.activator.ingress;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.function.IntSupplier;

/** The plain-HTTP ingress port: every request gets a 308 to the same host and URI over HTTPS. */
final class HttpsRedirectHandler extends ChannelInboundHandlerAdapter {

  private final IntSupplier httpsPort;

  HttpsRedirectHandler(IntSupplier httpsPort) {
    this.httpsPort = httpsPort;
  }

  /** {@code https://<host>[:<port> unless 443]<uri>}. */
  static String location(String hostHeader, int port, String uri) {
    String host = HostRouter.normalizeHost(hostHeader);
    String target = uri.startsWith("/") ? uri : "/";
    return "https://" + host + (port == 443 ? "" : ":" + port) + target;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        DefaultFullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.PERMANENT_REDIRECT);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank()) {
          response.setStatus(HttpResponseStatus.BAD_REQUEST);
        } else {
          response
              .headers()
              .set(HttpHeaderNames.LOCATION, location(host, httpsPort.getAsInt(), request.uri()));
        }
        HttpUtil.setContentLength(response, 0);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
          ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
          ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
