package net.evroclabs.run.activator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;

/**
 * Pipeline of a client connection: HTTP/1.1, or h2c by prior knowledge or by {@code Upgrade: h2c};
 * every HTTP/2 stream gets its own {@link FrontendHandler} over HTTP/1-style messages.
 */
final class FrontendInitializer extends ChannelInitializer<Channel> {

  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADERS = 16 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;
  private static final int MAX_UPGRADE_REQUEST = 64 * 1024;

  private final ProxyRuntime rt;
  private final ChannelInitializer<Http2StreamChannel> streams;

  FrontendInitializer(ProxyRuntime rt) {
    this.rt = rt;
    this.streams =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Http2StreamChannel ch) {
            ch.pipeline()
                .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                .addLast(new FrontendHandler(rt));
          }
        };
  }

  @Override
  protected void initChannel(Channel ch) {
    HttpServerCodec codec = new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK);
    HttpServerUpgradeHandler upgrade =
        new HttpServerUpgradeHandler(
            codec,
            protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                    ? new Http2ServerUpgradeCodec(http2Codec(), new Http2MultiplexHandler(streams))
                    : null,
            MAX_UPGRADE_REQUEST);
    ChannelInitializer<Channel> priorKnowledge =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            // HTTP/2 by prior knowledge: streams get their own handlers, the HTTP/1 one goes.
            ch.pipeline().remove(FrontendHandler.class);
            ch.pipeline().addLast(http2Codec()).addLast(new Http2MultiplexHandler(streams));
          }
        };
    ch.pipeline()
        .addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, priorKnowledge))
        .addLast(new FrontendHandler(rt));
  }

  private static io.netty.handler.codec.http2.Http2FrameCodec http2Codec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(
            Http2Settings.defaultSettings().maxConcurrentStreams(10_000).initialWindowSize(1 << 20))
        .build();
  }
}
