package net.evroclabs.run.activator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        && h.contains(HttpHeaderNames.UPGRADE)
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && h.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /**
   * {@link HttpUtil#isKeepAlive}, without walking the {@code Connection} values when there is no
   * such header (the common case).
   */
  public static boolean isKeepAlive(HttpMessage message) {
    HttpHeaders h = message.headers();
    if (!h.contains(HttpHeaderNames.CONNECTION)) {
      return message.protocolVersion().isKeepAliveDefault();
    }
    Iterator<? extends CharSequence> values =
        h.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
    CharSequence connection = values.next();
    if (!values.hasNext()) {
      CharSequence v = AsciiString.trim(connection);
      if (AsciiString.contentEqualsIgnoreCase(v, HttpHeaderValues.KEEP_ALIVE)) {
        return true;
      }
      if (AsciiString.contentEqualsIgnoreCase(v, HttpHeaderValues.CLOSE)) {
        return false;
      }
    }
    return HttpUtil.isKeepAlive(message);
  }

  /**
   * Rewrites a client request for a pod: drops internal {@code x-run-*} headers, hop-by-hop headers
   * (keeping a WebSocket upgrade) and HTTP/2 conversion markers; {@code te} survives only as {@code
   * trailers}.
   */
  public static void prepareRequest(HttpRequest request) {
    HttpHeaders h = request.headers();
    int found = scan(h, true);
    if (found == 0) {
      return;
    }
    boolean upgrade = (found & HOP) != 0 && isWebSocketUpgrade(request);
    String upgradeTo = upgrade ? h.get(HttpHeaderNames.UPGRADE) : null;
    if ((found & HOP) != 0) {
      removeHopByHop(h);
    }
    if ((found & PREFIXED) != 0) {
      removeByPrefix(h, INTERNAL_PREFIX);
      removeByPrefix(h, HTTP2_EXTENSION_PREFIX);
    }
    if ((found & TE) != 0) {
      String te = h.get(HttpHeaderNames.TE);
      if (te != null && !HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(te.trim())) {
        h.remove(HttpHeaderNames.TE);
      }
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
    int found = scan(h, false);
    if (code != 101) {
      if ((found & HOP) != 0) {
        removeHopByHop(h);
      }
      if (keepAlive) {
        if (!response.protocolVersion().isKeepAliveDefault()) {
          h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
      } else {
        HttpUtil.setKeepAlive(response, false);
      }
    }
    if ((found & PREFIXED) != 0) {
      removeByPrefix(h, HTTP2_EXTENSION_PREFIX);
    }
    if (held) {
      h.set(COLD_START, "true");
    }
    boolean mayHaveBody =
        code >= 200 && code != 204 && code != 304 && !HttpMethod.HEAD.equals(method);
    if (mayHaveBody
        && !h.contains(HttpHeaderNames.CONTENT_LENGTH)
        && !HttpUtil.isTransferEncodingChunked(response)) {
      HttpUtil.setTransferEncodingChunked(response, true);
    }
  }

  private static final int HOP = 1;
  private static final int PREFIXED = 2;
  private static final int TE = 4;

  /**
   * One pass over the header names: which kinds of headers that must go are present at all, so that
   * a request without any pays for no removal.
   */
  private static int scan(HttpHeaders h, boolean request) {
    int found = 0;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        it.hasNext(); ) {
      found |= classify(it.next().getKey(), request);
    }
    return found;
  }

  private static int classify(CharSequence name, boolean request) {
    int len = name.length();
    if (len == 0) {
      return 0;
    }
    char c = Character.toLowerCase(name.charAt(0));
    if (c == 'x') {
      if (request && len >= INTERNAL_PREFIX.length() && startsWith(name, INTERNAL_PREFIX)) {
        return PREFIXED;
      }
      return len >= HTTP2_EXTENSION_PREFIX.length() && startsWith(name, HTTP2_EXTENSION_PREFIX)
          ? PREFIXED
          : 0;
    }
    if (c == 't' && len == 2) {
      return request && AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TE) ? TE : 0;
    }
    if (c != 'c' && c != 'k' && c != 'p' && c != 't' && c != 'u') {
      return 0;
    }
    for (AsciiString hop : HOP_BY_HOP) {
      if (hop.length() == len && AsciiString.contentEqualsIgnoreCase(name, hop)) {
        return HOP;
      }
    }
    return 0;
  }

  private static boolean startsWith(CharSequence name, String prefix) {
    return AsciiString.regionMatches(name, true, 0, prefix, 0, prefix.length());
  }

  private static void removeHopByHop(HttpHeaders h) {
    List<String> listed = null;
    for (Iterator<? extends CharSequence> it =
            h.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
        it.hasNext(); ) {
      CharSequence value = it.next();
      if (!isCloseOrKeepAlive(value)) {
        if (listed == null) {
          listed = new ArrayList<>(2);
        }
        listed.add(value.toString());
      }
    }
    if (listed != null) {
      for (String value : listed) {
        for (String token : value.split(",")) {
          String name = token.trim().toLowerCase(Locale.ROOT);
          if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
            h.remove(name);
          }
        }
      }
    }
    for (AsciiString name : HOP_BY_HOP) {
      h.remove(name);
    }
  }

  /** A {@code Connection} value that lists no header: just {@code close} or {@code keep-alive}. */
  private static boolean isCloseOrKeepAlive(CharSequence value) {
    CharSequence v = AsciiString.trim(value);
    return AsciiString.contentEqualsIgnoreCase(v, HttpHeaderValues.KEEP_ALIVE)
        || AsciiString.contentEqualsIgnoreCase(v, HttpHeaderValues.CLOSE);
  }

  private static void removeByPrefix(HttpHeaders h, String prefix) {
    List<CharSequence> doomed = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      if (name.length() >= prefix.length() && startsWith(name, prefix)) {
        if (doomed == null) {
          doomed = new ArrayList<>(2);
        }
        doomed.add(name);
      }
    }
    if (doomed != null) {
      for (CharSequence name : doomed) {
        h.remove(name);
      }
    }
  }
}
