package net.evroclabs.run.activator.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.evroclabs.run.envoy.model.Endpoint;
import net.evroclabs.run.envoy.translate.EnvoyTranslator;
import org.junit.jupiter.api.Test;

class IngressRoutingHandlerTest {

  private final AtomicReference<HostRouter> router = new AtomicReference<>();
  private final IngressTraffic traffic = new IngressTraffic();
  private final List<HttpRequest> forwarded = new ArrayList<>();
  private final EmbeddedChannel ch =
      new EmbeddedChannel(
          new IngressRoutingHandler(router::get, traffic, 3),
          new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              if (msg instanceof HttpRequest r) {
                forwarded.add(r);
              }
              ReferenceCountUtil.release(msg);
            }
          });

  private void routes() {
    List<RouteConfiguration> routes =
        EnvoyTranslator.translateOnce(
                RoutingModels.model(
                    RoutingModels.hello(
                        List.of(new Endpoint("10.0.0.7", 8080)),
                        List.of(new Endpoint("10.0.0.8", 8080)))))
            .gateway()
            .routes();
    router.set(HostRouter.of(routes));
  }

  private static DefaultFullHttpRequest request(String host) {
    DefaultFullHttpRequest r =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/p");
    r.headers().set("host", host);
    return r;
  }

  private FullHttpResponse answer() {
    FullHttpResponse r = ch.readOutbound();
    r.release();
    return r;
  }

  @Test
  void answers503WithRetryAfterUntilRoutesArrive() {
    ch.writeInbound(request(RoutingModels.HOST));
    FullHttpResponse r = answer();
    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get("retry-after")).isEqualTo("3");
    assertThat(forwarded).isEmpty();
  }

  @Test
  void forwardsWithTheRevisionAndCountsUntilTheResponseEnds() {
    routes();
    DefaultFullHttpRequest req = request(RoutingModels.TAG_HOST + ":8443");
    req.headers().set("X-Run-Revision", "team-a/evil").set("x-run-other", "1");
    ch.writeInbound(req);
    assertThat(forwarded).hasSize(1);
    assertThat(forwarded.get(0).headers().getAll("x-run-revision"))
        .containsExactly("team-a/hello-00001");
    assertThat(forwarded.get(0).headers().contains("x-run-other")).isFalse();
    assertThat(traffic.snapshot().get("team-a/hello-00001").active()).isEqualTo(1);

    // An interim 100 Continue does not end the request.
    ch.writeOutbound(
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    assertThat(traffic.snapshot().get("team-a/hello-00001").active()).isEqualTo(1);
    ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    IngressTraffic.RevisionTraffic t = traffic.snapshot().get("team-a/hello-00001");
    assertThat(t.active()).isZero();
    assertThat(t.requests()).isEqualTo(1);
    assertThat(t.latencyCount()).isEqualTo(1);
    releaseOutbound();
  }

  @Test
  void anAbsoluteFormTargetIsRoutedByItsAuthority() {
    routes();
    DefaultFullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, "https://" + RoutingModels.TAG_HOST + "/a?b=c");
    req.headers().set("host", "nothing.run.localhost");
    ch.writeInbound(req);
    assertThat(forwarded).hasSize(1);
    assertThat(forwarded.get(0).headers().get("x-run-revision")).isEqualTo("team-a/hello-00001");
  }

  @Test
  void answersUnknownHostsItself() {
    routes();
    ch.writeInbound(request("nothing.run.localhost"));
    FullHttpResponse r = ch.readOutbound();
    assertThat(r.status().code()).isEqualTo(404);
    assertThat(r.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("no service at nothing.run.localhost\n");
    r.release();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aDirectAnswerBehindAForwardedRequestClosesTheConnectionAfterIt() {
    routes();
    ch.writeInbound(request(RoutingModels.HOST));
    ch.writeInbound(request("nothing.run.localhost"));
    assertThat(forwarded).hasSize(1);
    assertThat((Object) ch.readOutbound()).isNull();
    ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    ch.runPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    releaseOutbound();
  }

  @Test
  void aClosedConnectionEndsItsRequests() {
    routes();
    ch.writeInbound(request(RoutingModels.TAG_HOST));
    ch.close();
    IngressTraffic.RevisionTraffic t = traffic.snapshot().get("team-a/hello-00001");
    assertThat(t.active()).isZero();
    assertThat(t.latencyCount()).isEqualTo(1);
  }

  private void releaseOutbound() {
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      ReferenceCountUtil.release(o);
    }
  }
}
