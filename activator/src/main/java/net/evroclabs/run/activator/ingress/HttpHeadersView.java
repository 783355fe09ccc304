package net.evroclabs.run.activator.ingress;

import java.util.Locale;
import java.util.Map;

/** Read access to a request's headers by (case-insensitive) name, for route matching. */
@FunctionalInterface
public interface HttpHeadersView {

  /** The first value of the header, or null when absent. */
  String get(String name);

  /** A view of a map whose keys are compared case-insensitively. */
  static HttpHeadersView of(Map<String, String> headers) {
    Map<String, String> lower = new java.util.HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return name -> lower.get(name.toLowerCase(Locale.ROOT));
  }
}
