package net.evroclabs.run.samples.hello;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Maps a request line to a {@link Route}; pure, so every rule is checked in memory. */
public final class Router {

  /** The longest {@code ms} accepted: the platform's longest request timeout, 600 s. */
  public static final long MAX_MILLIS = 600_000;

  private static final Pattern MILLIS = Pattern.compile("[0-9]{1,9}");

  /** Decides what to do for {@code method} on {@code uri} (path and raw query are used). */
  public Route route(String method, URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!isKnown(path)) {
      return new Route.Rejected(404, "no such path: " + path);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return new Route.Rejected(405, "method " + method + " is not allowed; use GET or HEAD");
    }
    return switch (path) {
      case "/" -> new Route.Greet();
      case "/healthz" -> new Route.Health();
      case "/env" -> new Route.Env();
      case "/stats" -> new Route.Stats();
      case "/sleep" -> timed(uri.getRawQuery(), Route.Sleep::new);
      case "/cpu" -> timed(uri.getRawQuery(), Route.BurnCpu::new);
      default -> throw new IllegalStateException("unrouted known path " + path);
    };
  }

  private static boolean isKnown(String path) {
    return switch (path) {
      case "/", "/healthz", "/env", "/stats", "/sleep", "/cpu" -> true;
      default -> false;
    };
  }

  /** The route for the {@code ms} query parameter, or the 400 that explains what is wrong. */
  private static Route timed(String rawQuery, Function<Duration, Route> route) {
    List<String> values = parameters(rawQuery).getOrDefault("ms", List.of());
    if (values.isEmpty()) {
      return new Route.Rejected(
          400, "query parameter ms is missing; pass ms=N with N between 0 and " + MAX_MILLIS);
    }
    if (values.size() > 1) {
      return new Route.Rejected(
          400, "query parameter ms is given " + values.size() + " times; pass it once");
    }
    String value = values.getFirst();
    if (!MILLIS.matcher(value).matches() || Long.parseLong(value) > MAX_MILLIS) {
      return new Route.Rejected(
          400,
          "query parameter ms = \""
              + value
              + "\" is invalid; it must be a whole number of milliseconds between 0 and "
              + MAX_MILLIS);
    }
    return route.apply(Duration.ofMillis(Long.parseLong(value)));
  }

  /** Decoded query parameters in order of appearance; a name without {@code =} has value "". */
  static Map<String, List<String>> parameters(String rawQuery) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      // A broken %-escape is kept verbatim; the value check then names it in the 400.
      return raw;
    }
  }
}
