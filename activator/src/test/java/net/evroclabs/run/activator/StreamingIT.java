package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingIT {

  static {
    LeakCounter.install();
  }

  private static final RevisionKey KEY = new RevisionKey("team-a", "stream-00001");
  private static final long SIZE = 200L * 1024 * 1024;
  private static final long FLAT_LIMIT = 48L * 1024 * 1024;

  private ActivatorFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new ActivatorFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  @AfterAll
  static void noLeaks() {
    LeakCounter.assertNoLeaks();
  }

  /** Samples pooled direct memory while a transfer runs. */
  private static final class MemoryWatch implements AutoCloseable {
    final AtomicLong peakDirect = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    MemoryWatch() {
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (running) {
                      peakDirect.accumulateAndGet(
                          PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), Math::max);
                      try {
                        TimeUnit.MILLISECONDS.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void uploadOf200MegabytesStreamsThroughWithFlatMemory() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(KEY, RevisionSettings.defaults(), List.of(pod.endpoint()));
    long heapBefore = heapAfterGc();
    HttpResponse<String> r;
    try (MemoryWatch watch = new MemoryWatch()) {
      r =
          fx.http.send(
              fx.request(KEY, "/upload")
                  .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(SIZE)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(watch.peakDirect.get()).isLessThan(FLAT_LIMIT);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Long.toString(SIZE));
    assertThat(pod.uploaded.get()).isEqualTo(SIZE);
    assertThat(heapAfterGc() - heapBefore).isLessThan(FLAT_LIMIT);
  }

  @Test
  void downloadOf200MegabytesStreamsThroughWithFlatMemory() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(KEY, RevisionSettings.defaults(), List.of(pod.endpoint()));
    long heapBefore = heapAfterGc();
    long received = 0;
    try (MemoryWatch watch = new MemoryWatch()) {
      HttpResponse<InputStream> r =
          fx.http.send(
              fx.request(KEY, "/download?bytes=" + SIZE).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = r.body()) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          received += n;
        }
      }
      assertThat(watch.peakDirect.get()).isLessThan(FLAT_LIMIT);
    }
    assertThat(received).isEqualTo(SIZE);
    assertThat(heapAfterGc() - heapBefore).isLessThan(FLAT_LIMIT);
  }

  @Test
  void clientSpeakingH2cByUpgradeIsServed() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(KEY, RevisionSettings.defaults(), List.of(pod.endpoint()));
    try (HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> r =
            h2.send(fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("hello from");
        if (i > 0) {
          assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
      }
    }
    assertThat(pod.internalHeadersSeen).isEmpty();
  }

  @Test
  void clientSpeakingH2cByPriorKnowledgeIsServedOnManyStreams() throws Exception {
    TestBackend pod = fx.backend();
    fx.publish(KEY, RevisionSettings.defaults(), List.of(pod.endpoint()));
    io.netty.channel.EventLoopGroup group = new io.netty.channel.nio.NioEventLoopGroup(1);
    try {
      io.netty.channel.Channel conn =
          new io.netty.bootstrap.Bootstrap()
              .group(group)
              .channel(io.netty.channel.socket.nio.NioSocketChannel.class)
              .handler(
                  new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel ch) {
                      ch.pipeline()
                          .addLast(
                              io.netty.handler.codec.http2.Http2FrameCodecBuilder.forClient()
                                  .build())
                          .addLast(
                              new io.netty.handler.codec.http2.Http2MultiplexHandler(
                                  new io.netty.channel.ChannelInboundHandlerAdapter()));
                    }
                  })
              .connect("127.0.0.1", fx.activator.proxyPort())
              .sync()
              .channel();
      LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
      for (int i = 0; i < 20; i++) {
        io.netty.handler.codec.http2.Http2StreamChannel stream =
            new io.netty.handler.codec.http2.Http2StreamChannelBootstrap(conn)
                .handler(
                    new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                      @Override
                      protected void initChannel(io.netty.channel.Channel ch) {
                        ch.pipeline()
                            .addLast(
                                new io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec(
                                    false))
                            .addLast(
                                new io.netty.channel.SimpleChannelInboundHandler<
                                    io.netty.handler.codec.http.HttpObject>() {
                                  @Override
                                  protected void channelRead0(
                                      io.netty.channel.ChannelHandlerContext ctx,
                                      io.netty.handler.codec.http.HttpObject msg) {
                                    if (msg instanceof io.netty.handler.codec.http.HttpResponse r) {
                                      answers.add(
                                          r.status().code()
                                              + " "
                                              + r.headers().get("x-run-cold-start"));
                                    }
                                  }
                                });
                      }
                    })
                .open()
                .sync()
                .getNow();
        io.netty.handler.codec.http.FullHttpRequest req =
            new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.GET,
                "/");
        req.headers().set("host", "svc").set("x-run-revision", KEY.toString());
        stream.writeAndFlush(req);
      }
      for (int i = 0; i < 20; i++) {
        assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("200 null");
      }
      assertThat(pod.requests.get()).isEqualTo(20);
      conn.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void h2cRevisionIsReachedOverMultiplexedHttp2() throws Exception {
    TestBackend pod = fx.own(new TestBackend(TestBackend.Kind.H2C, 0));
    fx.publish(
        KEY, new RevisionSettings(30, 0, RevisionSettings.Protocol.H2C), List.of(pod.endpoint()));
    List<CompletableFuture<HttpResponse<String>>> all =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(
                i ->
                    fx.http.sendAsync(
                        fx.request(KEY, "/").build(), HttpResponse.BodyHandlers.ofString()))
            .toList();
    for (CompletableFuture<HttpResponse<String>> f : all) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("hello from");
    }
    assertThat(pod.requests.get()).isEqualTo(20);
  }

  @Test
  void webSocketEchoPassesThroughAHeldRequest() throws Exception {
    TestBackend pod = fx.own(new TestBackend(TestBackend.Kind.WEBSOCKET_ECHO, 0));
    fx.publish(KEY, RevisionSettings.defaults(), List.of());
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    CompletableFuture<WebSocket> connecting =
        fx.http
            .newWebSocketBuilder()
            .header("x-run-revision", KEY.toString())
            .buildAsync(
                URI.create("ws://127.0.0.1:" + fx.activator.proxyPort() + "/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    received.add(data.toString());
                    ws.request(1);
                    return null;
                  }
                });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fx.held(KEY) == 1);
    fx.xds.publishEndpoints(KEY, List.of(pod.endpoint()));
    WebSocket ws = connecting.get(30, TimeUnit.SECONDS);
    ws.sendText("ping", true).get(10, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: ping");
    ws.sendText("again", true).get(10, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: again");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.activator.inFlight() == 0);
  }

  /** {@code n} zero bytes, produced as read. */
  static final class Zeros extends InputStream {
    private long left;

    Zeros(long n) {
      this.left = n;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
