package net.evroclabs.run.envoy.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resources of one kind of every service, in service order, assembled incrementally: when a
 * service's resources change but not their number, only its slots of a copy are replaced, instead
 * of walking every service again.
 */
final class ResourceList<T> {

  private final Function<ServiceTranslation, List<T>> part;
  private Object[] elements = new Object[0];
  private Map<String, Integer> offsets = Map.of();
  private final Map<String, List<T>> patches = new LinkedHashMap<>();
  private boolean rebuild = true;
  private List<T> current = List.of();

  ResourceList(Function<ServiceTranslation, List<T>> part) {
    this.part = part;
  }

  /** A service's resources of this kind changed from {@code old} to {@code fresh}. */
  void changed(String key, List<T> old, List<T> fresh) {
    if (rebuild) {
      return;
    }
    if (old.size() != fresh.size() || !offsets.containsKey(key)) {
      rebuild = true;
      patches.clear();
    } else {
      patches.put(key, fresh);
    }
  }

  /** Services came or went: the next {@link #list} walks them all. */
  void rebuildAll() {
    rebuild = true;
    patches.clear();
  }

  boolean isUnchanged() {
    return !rebuild && patches.isEmpty();
  }

  /** The list for {@code services}, the same instance as before when nothing changed. */
  @SuppressWarnings("unchecked")
  List<T> list(Map<String, ServiceTranslation> services) {
    if (rebuild) {
      List<Object> all = new ArrayList<>(elements.length);
      Map<String, Integer> at = new HashMap<>();
      for (Map.Entry<String, ServiceTranslation> e : services.entrySet()) {
        at.put(e.getKey(), all.size());
        all.addAll(part.apply(e.getValue()));
      }
      elements = all.toArray();
      offsets = at;
      rebuild = false;
    } else if (!patches.isEmpty()) {
      elements = Arrays.copyOf(elements, elements.length);
      for (Map.Entry<String, List<T>> p : patches.entrySet()) {
        int offset = offsets.get(p.getKey());
        for (int i = 0; i < p.getValue().size(); i++) {
          elements[offset + i] = p.getValue().get(i);
        }
      }
      patches.clear();
    } else {
      return current;
    }
    current = Collections.unmodifiableList((List<T>) Arrays.asList(elements));
    return current;
  }
}
