package net.evroclabs.run.activator.ingress;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Routes a request by host and path with the route configurations xds-server sends gateways.
 * Immutable; built once per route update.
 *
 * <p>Virtual hosts are chosen across all configurations: an exact domain first, then suffix
 * wildcards ({@code *.example.net}, longest suffix first), then prefix wildcards ({@code foo.*}),
 * and only when nothing else matched a {@code *} catch-all. Catch-alls that only answer {@code 421}
 * (a gateway's "misdirected request" answer for coalesced connections) are left out: the ingress
 * routes each request by its own host, so they never apply; when no virtual host matches the answer
 * is {@code 404}. Within a virtual host the first route whose match fits is taken. A route using a
 * construct this router does not implement never matches; building never throws on content.
 */
public final class HostRouter {

  /** Envoy's default route timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static final String REVISION_HEADER = "x-run-revision";

  /** What to do with a request. */
  public sealed interface Decision permits Forward, Respond, Redirect {}

  /**
   * Hand the request to the activator for {@code revision} ({@code <namespace>/<revision>}), after
   * removing {@code headersToRemove} (lower case) and setting {@code headersToAdd}.
   */
  public record Forward(
      String revision,
      Duration timeout,
      List<String> headersToRemove,
      Map<String, String> headersToAdd)
      implements Decision {
    public Forward {
      headersToRemove = List.copyOf(headersToRemove);
      headersToAdd = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headersToAdd));
    }
  }

  /** Answer directly. */
  public record Respond(int status, String body) implements Decision {}

  /** Answer with a redirect. */
  public record Redirect(String location, int status) implements Decision {}

  /** A router that knows no host: every request gets 404. */
  public static final HostRouter EMPTY = new HostRouter(List.of());

  private final Map<String, Host> exact = new HashMap<>();
  private final List<Wildcard> suffixes = new ArrayList<>();
  private final List<Wildcard> prefixes = new ArrayList<>();
  private Host catchAll;
  private final int virtualHosts;

  private HostRouter(List<RouteConfiguration> configurations) {
    int count = 0;
    for (RouteConfiguration config : configurations) {
      for (VirtualHost vh : config.getVirtualHostsList()) {
        Host host = new Host(config, vh);
        count++;
        for (String raw : vh.getDomainsList()) {
          String domain = raw.toLowerCase(Locale.ROOT);
          if (domain.equals("*")) {
            if (catchAll == null && !host.onlyMisdirected()) {
              catchAll = host;
            }
          } else if (domain.startsWith("*")) {
            suffixes.add(new Wildcard(domain.substring(1), host));
          } else if (domain.endsWith("*")) {
            prefixes.add(new Wildcard(domain.substring(0, domain.length() - 1), host));
          } else {
            exact.putIfAbsent(domain, host);
          }
        }
      }
    }
    // Stable sorts: among equally long wildcards the first configured wins.
    suffixes.sort(Comparator.comparingInt((Wildcard w) -> w.part.length()).reversed());
    prefixes.sort(Comparator.comparingInt((Wildcard w) -> w.part.length()).reversed());
    this.virtualHosts = count;
  }

  /** A router over these route configurations, in order (earlier ones win on equal domains). */
  public static HostRouter of(List<RouteConfiguration> configurations) {
    return new HostRouter(configurations);
  }

  /** How many virtual hosts the configurations held. */
  public int virtualHostCount() {
    return virtualHosts;
  }

  /**
   * The host of a {@code Host} header or {@code :authority}: lower case, without port or trailing
   * dot; IPv6 literals keep their brackets.
   */
  public static String normalizeHost(String authority) {
    if (authority == null) {
      return "";
    }
    String h = authority.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  /**
   * Routes one request.
   *
   * @param host the host, port stripped and lower case ({@link #normalizeHost})
   * @param path the request target as sent ({@code /a/b?q=1}); matching uses the part before {@code
   *     ?}
   * @param headers the request headers
   * @param random source of uniform numbers in [0, 1) for weighted clusters
   */
  public Decision route(String host, String path, HttpHeadersView headers, DoubleSupplier random) {
    Host vh = find(host);
    if (vh == null) {
      return new Respond(404, "no service at " + host + "\n");
    }
    String p = path == null || path.isEmpty() ? "/" : path;
    int q = p.indexOf('?');
    String matchPath = q < 0 ? p : p.substring(0, q);
    for (CompiledRoute r : vh.routes) {
      if (r.matches(matchPath, headers)) {
        return r.action.decide(host, p, random);
      }
    }
    return new Respond(404, "no route for " + host + matchPath + "\n");
  }

  private Host find(String host) {
    Host h = exact.get(host);
    if (h != null) {
      return h;
    }
    for (Wildcard w : suffixes) {
      if (host.length() > w.part.length() && host.endsWith(w.part)) {
        return w.host;
      }
    }
    for (Wildcard w : prefixes) {
      if (host.length() > w.part.length() && host.startsWith(w.part)) {
        return w.host;
      }
    }
    return catchAll;
  }

  private record Wildcard(String part, Host host) {}

  /** One virtual host, compiled. */
  private static final class Host {
    final List<CompiledRoute> routes = new ArrayList<>();
    final boolean misdirectedOnly;

    Host(RouteConfiguration config, VirtualHost vh) {
      boolean allMisdirected = vh.getRoutesCount() > 0;
      for (Route route : vh.getRoutesList()) {
        CompiledRoute r = CompiledRoute.compile(config, vh, route);
        if (r != null) {
          routes.add(r);
        }
        allMisdirected &= route.hasDirectResponse() && route.getDirectResponse().getStatus() == 421;
      }
      this.misdirectedOnly = allMisdirected;
    }

    boolean onlyMisdirected() {
      return misdirectedOnly;
    }
  }

  private interface Action {
    Decision decide(String host, String path, DoubleSupplier random);
  }

  private record CompiledRoute(
      Predicate<String> path, List<Predicate<HttpHeadersView>> headers, Action action) {

    boolean matches(String p, HttpHeadersView h) {
      if (!path.test(p)) {
        return false;
      }
      for (Predicate<HttpHeadersView> m : headers) {
        if (!m.test(h)) {
          return false;
        }
      }
      return true;
    }

    /** Null when the route uses something unsupported: it then never matches. */
    static CompiledRoute compile(RouteConfiguration config, VirtualHost vh, Route route) {
      try {
        RouteMatch match = route.getMatch();
        Predicate<String> path = HostRouter.path(match);
        if (path == null
            || match.getQueryParametersCount() > 0
            || match.hasRuntimeFraction()
            || match.hasGrpc()
            || match.hasTlsContext()
            || match.getDynamicMetadataCount() > 0) {
          return null;
        }
        List<Predicate<HttpHeadersView>> headers = new ArrayList<>();
        for (HeaderMatcher hm : match.getHeadersList()) {
          Predicate<HttpHeadersView> p = header(hm);
          if (p == null) {
            return null;
          }
          headers.add(p);
        }
        Action action =
            switch (route.getActionCase()) {
              case ROUTE -> forward(config, vh, route);
              case DIRECT_RESPONSE -> respond(route.getDirectResponse());
              case REDIRECT -> redirect(route.getRedirect());
              default -> null;
            };
        return action == null ? null : new CompiledRoute(path, List.copyOf(headers), action);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private static Predicate<String> path(RouteMatch match) {
    boolean caseSensitive = !match.hasCaseSensitive() || match.getCaseSensitive().getValue();
    return switch (match.getPathSpecifierCase()) {
      case PREFIX -> {
        String prefix = match.getPrefix();
        yield caseSensitive
            ? p -> p.startsWith(prefix)
            : p -> p.regionMatches(true, 0, prefix, 0, prefix.length());
      }
      case PATH -> {
        String exactPath = match.getPath();
        yield caseSensitive ? exactPath::equals : exactPath::equalsIgnoreCase;
      }
      case PATH_SEPARATED_PREFIX -> {
        String prefix = match.getPathSeparatedPrefix();
        yield p ->
            (caseSensitive
                    ? p.startsWith(prefix)
                    : p.regionMatches(true, 0, prefix, 0, prefix.length()))
                && (p.length() == prefix.length() || p.charAt(prefix.length()) == '/');
      }
      case SAFE_REGEX -> {
        Pattern pattern = compile(match.getSafeRegex().getRegex());
        yield pattern == null ? null : p -> pattern.matcher(p).matches();
      }
      default -> null;
    };
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static Predicate<HttpHeadersView> header(HeaderMatcher hm) {
    String name = hm.getName().toLowerCase(Locale.ROOT);
    boolean invert = hm.getInvertMatch();
    Predicate<String> value =
        switch (hm.getHeaderMatchSpecifierCase()) {
          case EXACT_MATCH -> hm.getExactMatch()::equals;
          case PRESENT_MATCH -> v -> true;
          case PREFIX_MATCH -> v -> v.startsWith(hm.getPrefixMatch());
          case SUFFIX_MATCH -> v -> v.endsWith(hm.getSuffixMatch());
          case STRING_MATCH -> string(hm.getStringMatch());
          default -> null;
        };
    if (value == null) {
      return null;
    }
    boolean presence =
        hm.getHeaderMatchSpecifierCase() == HeaderMatcher.HeaderMatchSpecifierCase.PRESENT_MATCH;
    return h -> {
      String v = h.get(name);
      boolean result;
      if (presence) {
        result = (v != null) == hm.getPresentMatch();
      } else {
        result = v != null && value.test(v);
      }
      return result != invert;
    };
  }

  private static Predicate<String> string(StringMatcher m) {
    boolean ic = m.getIgnoreCase();
    return switch (m.getMatchPatternCase()) {
      case EXACT -> ic ? m.getExact()::equalsIgnoreCase : m.getExact()::equals;
      case PREFIX -> {
        String s = m.getPrefix();
        yield v -> v.regionMatches(ic, 0, s, 0, s.length());
      }
      case SUFFIX -> {
        String s = m.getSuffix();
        yield v ->
            v.length() >= s.length()
                && v.regionMatches(ic, v.length() - s.length(), s, 0, s.length());
      }
      case CONTAINS -> {
        String s = ic ? m.getContains().toLowerCase(Locale.ROOT) : m.getContains();
        yield v -> (ic ? v.toLowerCase(Locale.ROOT) : v).contains(s);
      }
      case SAFE_REGEX -> {
        Pattern p = compile(m.getSafeRegex().getRegex());
        yield p == null ? null : v -> p.matcher(v).matches();
      }
      default -> null;
    };
  }

  private static Action respond(DirectResponseAction d) {
    String body =
        switch (d.getBody().getSpecifierCase()) {
          case INLINE_STRING -> d.getBody().getInlineString();
          case INLINE_BYTES -> d.getBody().getInlineBytes().toStringUtf8();
          case SPECIFIER_NOT_SET -> "";
          default -> null;
        };
    if (body == null || d.getStatus() < 100 || d.getStatus() > 599) {
      return null;
    }
    Respond r = new Respond(d.getStatus(), body);
    return (host, path, random) -> r;
  }

  private static Action redirect(RedirectAction r) {
    if (r.getPathRewriteSpecifierCase() == RedirectAction.PathRewriteSpecifierCase.REGEX_REWRITE) {
      return null;
    }
    String scheme =
        switch (r.getSchemeRewriteSpecifierCase()) {
          case HTTPS_REDIRECT -> r.getHttpsRedirect() ? "https" : "http";
          case SCHEME_REDIRECT -> r.getSchemeRedirect();
          default -> "https";
        };
    int status =
        switch (r.getResponseCode()) {
          case MOVED_PERMANENTLY -> 301;
          case FOUND -> 302;
          case SEE_OTHER -> 303;
          case TEMPORARY_REDIRECT -> 307;
          case PERMANENT_REDIRECT -> 308;
          default -> -1;
        };
    if (status < 0) {
      return null;
    }
    return (host, path, random) -> {
      String target = r.getHostRedirect().isEmpty() ? host : r.getHostRedirect();
      String port = r.getPortRedirect() == 0 ? "" : ":" + r.getPortRedirect();
      int q = path.indexOf('?');
      String query = q < 0 || r.getStripQuery() ? "" : path.substring(q);
      String p = q < 0 ? path : path.substring(0, q);
      if (r.getPathRewriteSpecifierCase()
          == RedirectAction.PathRewriteSpecifierCase.PATH_REDIRECT) {
        p = r.getPathRedirect();
      }
      return new Redirect(scheme + "://" + target + port + p + query, status);
    };
  }

  private static Action forward(RouteConfiguration config, VirtualHost vh, Route route) {
    RouteAction a = route.getRoute();
    if (!a.getPrefixRewrite().isEmpty() || a.hasRegexRewrite()) {
      return null;
    }
    Duration timeout =
        a.hasTimeout()
            ? Duration.ofSeconds(a.getTimeout().getSeconds(), a.getTimeout().getNanos())
            : DEFAULT_TIMEOUT;
    Set<String> remove = new LinkedHashSet<>();
    Map<String, String> add = new LinkedHashMap<>();
    collect(
        config.getRequestHeadersToRemoveList(), config.getRequestHeadersToAddList(), remove, add);
    collect(vh.getRequestHeadersToRemoveList(), vh.getRequestHeadersToAddList(), remove, add);
    collect(route.getRequestHeadersToRemoveList(), route.getRequestHeadersToAddList(), remove, add);
    switch (a.getClusterSpecifierCase()) {
      case CLUSTER -> {
        Forward f = target(a.getCluster(), timeout, remove, add, List.of(), List.of());
        return f == null ? null : (host, path, random) -> f;
      }
      case WEIGHTED_CLUSTERS -> {
        WeightedCluster wc = a.getWeightedClusters();
        List<Forward> targets = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long total = 0;
        for (WeightedCluster.ClusterWeight cw : wc.getClustersList()) {
          long w = cw.hasWeight() ? cw.getWeight().getValue() : 0;
          if (w <= 0) {
            continue;
          }
          if (cw.getName().isEmpty()) {
            return null;
          }
          Forward f =
              target(
                  cw.getName(),
                  timeout,
                  remove,
                  add,
                  cw.getRequestHeadersToRemoveList(),
                  cw.getRequestHeadersToAddList());
          if (f == null) {
            return null;
          }
          total += w;
          targets.add(f);
          cumulative.add(total);
        }
        if (targets.isEmpty()) {
          return null;
        }
        long sum = total;
        return (host, path, random) -> {
          double x = random.getAsDouble() * sum;
          for (int i = 0; i < targets.size(); i++) {
            if (x < cumulative.get(i)) {
              return targets.get(i);
            }
          }
          return targets.get(targets.size() - 1);
        };
      }
      default -> {
        return null;
      }
    }
  }

  private static Forward target(
      String cluster,
      Duration timeout,
      Set<String> remove,
      Map<String, String> add,
      List<String> moreRemove,
      List<HeaderValueOption> moreAdd) {
    Set<String> r = new LinkedHashSet<>(remove);
    Map<String, String> a = new LinkedHashMap<>(add);
    collect(moreRemove, moreAdd, r, a);
    String revision = a.get(REVISION_HEADER);
    if (revision == null) {
      revision = cluster;
      a.put(REVISION_HEADER, revision);
    }
    if (revision.indexOf('/') <= 0 || revision.endsWith("/")) {
      return null;
    }
    return new Forward(revision, timeout, List.copyOf(r), a);
  }

  private static void collect(
      List<String> remove, List<HeaderValueOption> add, Set<String> r, Map<String, String> a) {
    for (String name : remove) {
      r.add(name.toLowerCase(Locale.ROOT));
    }
    for (HeaderValueOption o : add) {
      String key = o.getHeader().getKey().toLowerCase(Locale.ROOT);
      String value =
          o.getHeader().getValue().isEmpty() && !o.getHeader().getRawValue().isEmpty()
              ? o.getHeader().getRawValue().toStringUtf8()
              : o.getHeader().getValue();
      a.put(key, value);
    }
  }
}
