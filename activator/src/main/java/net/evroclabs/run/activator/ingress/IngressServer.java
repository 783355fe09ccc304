package net.evroclabs.run.activator.ingress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local ingress listeners: HTTPS (TLS → HTTP/1.1 → {@link IngressRoutingHandler} → the
 * activator's proxy handler) and plain HTTP answering every request with a 308 to HTTPS.
 */
public final class IngressServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngressServer.class);
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADERS = 16 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private final Channel https;
  private final Channel http;

  private IngressServer(Channel https, Channel http) {
    this.https = https;
    this.http = http;
  }

  /**
   * Binds both ports.
   *
   * @param frontend a new proxy handler per connection (the one of the activator's proxy port)
   * @param routes the current router, null until the first routes arrive (then 503)
   */
  public static IngressServer start(
      IngressConfig config,
      String bindHost,
      Path keystore,
      EventLoopGroup boss,
      EventLoopGroup workers,
      Class<? extends ServerChannel> channelType,
      Supplier<ChannelHandler> frontend,
      Supplier<HostRouter> routes,
      IngressTraffic traffic,
      int retryAfterSeconds)
      throws Exception {
    SslContext ssl = sslContext(keystore);
    Channel https =
        bootstrap(boss, workers, channelType)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(ssl.newHandler(ch.alloc()))
                        .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                        .addLast(new IngressRoutingHandler(routes, traffic, retryAfterSeconds))
                        .addLast(frontend.get());
                  }
                })
            .bind(new InetSocketAddress(bindHost, config.httpsPort()))
            .sync()
            .channel();
    int httpsPort = ((InetSocketAddress) https.localAddress()).getPort();
    Channel http;
    try {
      http =
          bootstrap(boss, workers, channelType)
              .childHandler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                          .addLast(new HttpsRedirectHandler(() -> httpsPort));
                    }
                  })
              .bind(new InetSocketAddress(bindHost, config.httpPort()))
              .sync()
              .channel();
    } catch (Exception e) {
      https.close().syncUninterruptibly();
      throw e;
    }
    IngressServer server = new IngressServer(https, http);
    LOG.info(
        "ingress listening: https on {}:{}, http (redirect) on {}:{}; keystore {}",
        bindHost,
        server.httpsPort(),
        bindHost,
        server.httpPort(),
        keystore);
    return server;
  }

  static SslContext sslContext(Path keystore) throws Exception {
    KeyStore ks = LocalCertificate.load(keystore);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, LocalCertificate.PASSWORD.toCharArray());
    return SslContextBuilder.forServer(kmf).protocols("TLSv1.3", "TLSv1.2").build();
  }

  private static ServerBootstrap bootstrap(
      EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> channelType) {
    return new ServerBootstrap()
        .group(boss, workers)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(
            ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024));
  }

  public int httpPort() {
    return ((InetSocketAddress) http.localAddress()).getPort();
  }

  public int httpsPort() {
    return ((InetSocketAddress) https.localAddress()).getPort();
  }

  /** Stops accepting connections; open ones stay until they end. */
  @Override
  public void close() {
    http.close().syncUninterruptibly();
    https.close().syncUninterruptibly();
  }
}
