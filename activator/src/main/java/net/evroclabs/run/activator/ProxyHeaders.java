package net.evroclabs.run.activator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Header rules of the proxy: what goes to pods, what goes back to clients. Pure functions. */
public final class ProxyHeaders {

  public static final AsciiString REVISION = AsciiString.cached("x-run-revision");
  public static final AsciiString COLD_START = AsciiString.cached("x-run-cold-start");
  private static final String INTERNAL_PREFIX = "x-run-";
  private static final String HTTP2_EXTENSION_PREFIX = "x-http2-";
  private static final List<AsciiString> HOP_BY_HOP =
      List.of(
          HttpHeaderNames.CONNECTION,
          HttpHeaderNames.KEEP_ALIVE,
          HttpHeaderNames.PROXY_AUTHENTICATE,
          HttpHeaderNames.PROXY_AUTHORIZATION,
          AsciiString.cached("proxy-connection"),
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.UPGRADE);

  private ProxyHeaders() {}

  /** True for a WebSocket upgrade request ({@code Connection: upgrade}, {@code Upgrade: ws}). */
  public static boolean isWebSocketUpgrade(HttpRequest request) {
    HttpHeaders h = request.headers();
    return HttpMethod.GET.equals(request.method())
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && h.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /**
   * Rewrites a client request for a pod: drops internal {@code x-run-*} headers, hop-by-hop headers
   * (keeping a WebSocket upgrade) and HTTP/2 conversion markers; {@code te} survives only as {@code
   * trailers}.
   */
  public static void prepareRequest(HttpRequest request) {
    HttpHeaders h = request.headers();
    boolean upgrade = isWebSocketUpgrade(request);
    String upgradeTo = upgrade ? h.get(HttpHeaderNames.UPGRADE) : null;
    removeHopByHop(h);
    removeByPrefix(h, INTERNAL_PREFIX);
    removeByPrefix(h, HTTP2_EXTENSION_PREFIX);
    String te = h.get(HttpHeaderNames.TE);
    if (te != null && !HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(te.trim())) {
      h.remove(HttpHeaderNames.TE);
    }
    if (upgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      h.set(HttpHeaderNames.UPGRADE, upgradeTo);
    }
  }

  /**
   * Rewrites a pod's response for the client: drops hop-by-hop headers (not on 101), marks held
   * requests with {@code x-run-cold-start: true}, sets keep-alive, and frames a body of unknown
   * length as chunked.
   */
  public static void prepareResponse(
      HttpResponse response, HttpMethod method, boolean held, boolean keepAlive) {
    HttpHeaders h = response.headers();
    int code = response.status().code();
    if (code != 101) {
      removeHopByHop(h);
      HttpUtil.setKeepAlive(response, keepAlive);
    }
    removeByPrefix(h, HTTP2_EXTENSION_PREFIX);
    if (held) {
      h.set(COLD_START, "true");
    }
    boolean mayHaveBody =
        code >= 200 && code != 204 && code != 304 && !HttpMethod.HEAD.equals(method);
    if (mayHaveBody
        && !HttpUtil.isContentLengthSet(response)
        && !HttpUtil.isTransferEncodingChunked(response)) {
      HttpUtil.setTransferEncodingChunked(response, true);
    }
  }

  private static void removeHopByHop(HttpHeaders h) {
    for (String listed : h.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : listed.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
          h.remove(name);
        }
      }
    }
    HOP_BY_HOP.forEach(h::remove);
  }

  private static void removeByPrefix(HttpHeaders h, String prefix) {
    List<String> doomed = new ArrayList<>();
    for (String name : h.names()) {
      if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
        doomed.add(name);
      }
    }
    doomed.forEach(h::remove);
  }
}
