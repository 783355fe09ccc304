package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

  @Test
  void internalAndHopByHopHeadersAreNotForwardedToPods() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x");
    r.headers()
        .set("x-run-revision", "team-a/hello-00001")
        .set("X-Run-Other", "1")
        .set("connection", "keep-alive, x-secret")
        .set("x-secret", "s")
        .set("keep-alive", "timeout=5")
        .set("te", "gzip")
        .set("x-http2-stream-id", "3")
        .set("content-type", "text/plain")
        .set("host", "svc");
    ProxyHeaders.prepareRequest(r);
    assertThat(r.headers().names()).containsExactlyInAnyOrder("content-type", "host");
  }

  @Test
  void teTrailersSurvivesForGrpc() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/svc/Call");
    r.headers().set("te", "trailers");
    ProxyHeaders.prepareRequest(r);
    assertThat(r.headers().get("te")).isEqualTo("trailers");
  }

  @Test
  void webSocketUpgradeKeepsItsUpgradeHeaders() {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
    r.headers().set("connection", "Upgrade").set("upgrade", "websocket");
    assertThat(ProxyHeaders.isWebSocketUpgrade(r)).isTrue();
    ProxyHeaders.prepareRequest(r);
    assertThat(r.headers().get("connection")).isEqualToIgnoringCase("upgrade");
    assertThat(r.headers().get("upgrade")).isEqualTo("websocket");
  }

  @Test
  void heldRequestResponseIsMarkedColdStartAndUnknownLengthIsChunked() {
    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    resp.headers().set("connection", "close");
    ProxyHeaders.prepareResponse(resp, HttpMethod.GET, true, true);
    assertThat(resp.headers().get("x-run-cold-start")).isEqualTo("true");
    assertThat(resp.headers().get("transfer-encoding")).isEqualTo("chunked");
    assertThat(resp.headers().contains("connection")).isFalse();
  }

  @Test
  void warmResponseCarriesNoColdStartMarkAndHeadResponseIsNotChunked() {
    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    ProxyHeaders.prepareResponse(resp, HttpMethod.HEAD, false, false);
    assertThat(resp.headers().contains("x-run-cold-start")).isFalse();
    assertThat(resp.headers().contains("transfer-encoding")).isFalse();
    assertThat(resp.headers().get("connection")).isEqualTo("close");
  }
}
