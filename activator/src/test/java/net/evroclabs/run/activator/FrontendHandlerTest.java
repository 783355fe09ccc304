package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontendHandlerTest {

  private static final RevisionKey KEY = new RevisionKey("team-a", "hello-00001");

  private final List<RevisionKey> pokes = new ArrayList<>();
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private EndpointRegistry registry;
  private ProxyRuntime runtime;

  private void setUp(boolean synced, String... flags) {
    ActivatorConfig config = ActivatorConfig.from(Map.of(), flags);
    registry =
        new EndpointRegistry(
            config.queueLimit(),
            () -> new ReleasePolicy(new SplittableRandom(1)),
            java.time.Duration.ZERO,
            System::nanoTime);
    if (synced) {
      registry.applyClusters(
          Map.of(KEY, new RevisionSettings(5, 0, RevisionSettings.Protocol.HTTP1)));
    }
    runtime =
        new ProxyRuntime(
            config,
            registry,
            new UpstreamPool(Transport.detect(), Duration.ofSeconds(1), 4),
            pokes::add,
            new ActivatorMetrics(registry::heldCounts));
  }

  private EmbeddedChannel client() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrontendHandler(runtime));
    channels.add(ch);
    return ch;
  }

  @AfterEach
  void closeChannels() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private static HttpRequest get(String revision) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    r.headers().set("host", "svc");
    if (revision != null) {
      r.headers().set("x-run-revision", revision);
    }
    return r;
  }

  private static void send(EmbeddedChannel ch, HttpRequest r) {
    ch.writeInbound(r);
    ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  /** The next answer on {@code ch}, which must have {@code status}; returns its body. */
  private static String answer(EmbeddedChannel ch, int status) {
    FullHttpResponse r = ch.readOutbound();
    assertThat(r).as("an answer").isNotNull();
    assertThat(r.status().code()).isEqualTo(status);
    return body(r);
  }

  private static String body(FullHttpResponse r) {
    try {
      return r.content().toString(StandardCharsets.UTF_8);
    } finally {
      r.release();
    }
  }

  @Test
  void requestWithoutRevisionHeaderIsAnswered400SayingWhy() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get(null));
    assertThat(answer(ch, 400)).contains("missing header x-run-revision");
  }

  @Test
  void malformedRevisionHeaderIsAnswered400NamingTheValue() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get("just-a-name"));
    assertThat(answer(ch, 400)).contains("'just-a-name'");
  }

  @Test
  void unknownRevisionIsWaitedForThenAnswered404NamingIt() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get("team-a/other-00001"));
    assertThat((Object) ch.readOutbound()).isNull();
    assertThat(registry.waitingCount()).isEqualTo(1);
    assertThat(runtime.inFlight()).isEqualTo(1);
    ch.advanceTimeBy(1999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat((Object) ch.readOutbound()).isNull();
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(answer(ch, 404)).contains("team-a/other-00001 is not known");
    assertThat(ch.isActive()).isTrue();
    assertThat(registry.waitingCount()).isZero();
    assertThat(runtime.inFlight()).isZero();
  }

  @Test
  void withNoWaitAnUnknownRevisionIsAnswered404AtOnce() {
    setUp(true, "--unknown-revision-wait=0s");
    EmbeddedChannel ch = client();
    send(ch, get("team-a/other-00001"));
    assertThat(answer(ch, 404)).contains("team-a/other-00001 is not known");
  }

  @Test
  void requestForARevisionTheActivatorHearsOfLateIsServedWhenItArrives() {
    setUp(true);
    EmbeddedChannel ch = client();
    RevisionKey late = new RevisionKey("team-a", "hello-00002");
    send(ch, get(late.toString()));
    send(ch, get(late.toString()));
    assertThat(ch.config().isAutoRead()).isFalse();
    assertThat(pokes).isEmpty();
    registry.applyClusters(
        Map.of(
            KEY, new RevisionSettings(5, 0, RevisionSettings.Protocol.HTTP1),
            late, new RevisionSettings(5, 0, RevisionSettings.Protocol.HTTP1)));
    ch.runPendingTasks();
    assertThat(pokes).containsExactly(late);
    assertThat(registry.heldCounts()).containsEntry(late, 1);
    assertThat(registry.waitingCount()).isZero();
    ch.advanceTimeBy(5, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    answer(ch, 504);
    // the pipelined second request finds the revision known and is held at once
    assertThat(registry.heldCounts()).containsEntry(late, 1);
  }

  @Test
  void aClientThatLeavesWhileItsRevisionIsAwaitedIsForgotten() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get("team-a/other-00001"));
    assertThat(registry.waitingCount()).isEqualTo(1);
    ch.close();
    assertThat(registry.waitingCount()).isZero();
    assertThat(runtime.inFlight()).isZero();
  }

  @Test
  void noMoreThanTheQueueLimitWaitForOneUnknownRevision() {
    setUp(true, "--queue-limit=2");
    for (int i = 0; i < 2; i++) {
      send(client(), get("team-a/other-00001"));
    }
    EmbeddedChannel third = client();
    send(third, get("team-a/other-00001"));
    answer(third, 404);
    assertThat(registry.waitingCount()).isEqualTo(2);
  }

  @Test
  void beforeTheFirstClusterListARequestWaitsForItThenGets503WithRetryAfter() {
    setUp(false);
    EmbeddedChannel ch = client();
    send(ch, get(KEY.toString()));
    assertThat((Object) ch.readOutbound()).isNull();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    FullHttpResponse r = ch.readOutbound();
    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get("retry-after")).isEqualTo("1");
    r.release();
  }

  @Test
  void aRequestThatArrivesBeforeTheFirstClusterListIsServedWhenTheListComes() {
    setUp(false);
    EmbeddedChannel ch = client();
    send(ch, get(KEY.toString()));
    registry.applyClusters(
        Map.of(KEY, new RevisionSettings(5, 0, RevisionSettings.Protocol.HTTP1)));
    ch.runPendingTasks();
    assertThat(pokes).containsExactly(KEY);
    assertThat(registry.heldCounts()).containsEntry(KEY, 1);
  }

  @Test
  void requestForAColdRevisionIsHeldAndThePokeGoesOutAtOnce() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get(KEY.toString()));
    assertThat((Object) ch.readOutbound()).isNull();
    assertThat(registry.find(KEY).heldCount()).isEqualTo(1);
    assertThat(pokes).containsExactly(KEY);
    assertThat(runtime.inFlight()).isEqualTo(1);
  }

  @Test
  void requestBeyondTheQueueLimitGets503WithRetryAfter() {
    setUp(true, "--queue-limit=1", "--retry-after-seconds=3");
    send(client(), get(KEY.toString()));
    EmbeddedChannel second = client();
    send(second, get(KEY.toString()));
    FullHttpResponse r = second.readOutbound();
    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get("retry-after")).isEqualTo("3");
    assertThat(body(r)).contains("1 requests waiting");
    assertThat(registry.find(KEY).heldCount()).isEqualTo(1);
  }

  @Test
  void heldRequestIsAnswered504WhenTheRevisionTimeoutPasses() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get(KEY.toString()));
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat((Object) ch.readOutbound()).isNull();
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    FullHttpResponse r = ch.readOutbound();
    assertThat(r.status().code()).isEqualTo(504);
    assertThat(body(r)).contains("timeout of 5s");
    assertThat(registry.find(KEY).heldCount()).isZero();
    assertThat(runtime.inFlight()).isZero();
  }

  @Test
  void clientThatGoesAwayLeavesTheQueueAtOnceAndFreesItsSlot() {
    setUp(true, "--queue-limit=1");
    EmbeddedChannel first = client();
    send(first, get(KEY.toString()));
    first.close();
    assertThat(registry.find(KEY).heldCount()).isZero();
    assertThat(runtime.inFlight()).isZero();
    EmbeddedChannel second = client();
    send(second, get(KEY.toString()));
    assertThat((Object) second.readOutbound()).isNull();
    assertThat(registry.find(KEY).heldCount()).isEqualTo(1);
  }

  @Test
  void heldRequestBodyIsReadOnlyUpToTheReplayPrefix() {
    setUp(true, "--replay-prefix-bytes=8");
    EmbeddedChannel ch = client();
    HttpRequest post = get(KEY.toString());
    post.setMethod(HttpMethod.POST);
    ch.writeInbound(post);
    ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[4])));
    assertThat(ch.config().isAutoRead()).isTrue();
    ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[4])));
    assertThat(ch.config().isAutoRead()).isFalse();
  }

  @Test
  void pipelinedRequestWaitsUnreadUntilThePreviousOneIsAnswered() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get(KEY.toString()));
    ch.writeInbound(get("team-a/other-00001"));
    assertThat(ch.config().isAutoRead()).isFalse();
    assertThat((Object) ch.readOutbound()).isNull();
    ch.advanceTimeBy(5, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    FullHttpResponse timeout = ch.readOutbound();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    FullHttpResponse notFound = ch.readOutbound();
    assertThat(timeout.status().code()).isEqualTo(504);
    assertThat(notFound.status().code()).isEqualTo(404);
    timeout.release();
    notFound.release();
  }

  @Test
  void heldRequestOfADeletedRevisionIsAnswered404OnceNoGraceIsLeft() {
    setUp(true);
    EmbeddedChannel ch = client();
    send(ch, get(KEY.toString()));
    registry.applyClusters(Map.of());
    ch.runPendingTasks();
    FullHttpResponse r = ch.readOutbound();
    assertThat(r.status().code()).isEqualTo(404);
    assertThat(body(r)).contains("was deleted");
  }
}
