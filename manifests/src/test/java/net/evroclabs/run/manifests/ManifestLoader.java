package net.evroclabs.run.manifests;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Parses manifests into fabric8's typed model and finds every field the model does not know: a
 * misspelt or misplaced field that Kubernetes would silently drop.
 */
final class ManifestLoader {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** A parsed document and the file it came from. */
  record Doc(Path file, HasMetadata resource) {
    String describe() {
      return file.getFileName()
          + ": "
          + resource.getKind()
          + "/"
          + resource.getMetadata().getName();
    }
  }

  private ManifestLoader() {}

  /** Every document of every numbered manifest file, in apply order. */
  static List<Doc> all() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Manifests.dir())) {
      files =
          s.filter(p -> p.getFileName().toString().matches("[0-9]{2}-.*\\.yaml")).sorted().toList();
    }
    List<Doc> docs = new ArrayList<>();
    for (Path f : files) {
      docs.addAll(load(f));
    }
    return docs;
  }

  /** Every document of one file. */
  static List<Doc> load(Path file) throws IOException {
    List<Doc> docs = new ArrayList<>();
    for (String text : Files.readString(file).split("(?m)^---\\s*$")) {
      if (text.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      HasMetadata r = SERIALIZATION.unmarshal(text, HasMetadata.class);
      docs.add(new Doc(file, r));
    }
    return docs;
  }

  /** Of that kind. */
  static <T extends HasMetadata> List<T> ofKind(List<Doc> docs, Class<T> type) {
    return docs.stream().map(Doc::resource).filter(type::isInstance).map(type::cast).toList();
  }

  /** Paths of fields the typed model did not recognise, e.g. {@code spec.template.spec.foo}. */
  static List<String> unknownFields(Object resource) {
    List<String> out = new ArrayList<>();
    walk(resource, "", out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof GenericKubernetesResource) {
      out.add(path + " (kind unknown to the typed model)");
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      return;
    }
    if (!(o instanceof KubernetesResource)) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) {
        continue;
      }
      String name = getter.getName().substring(3);
      if (Set.of("Class").contains(name)) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + path + "." + name, e);
      }
      String child = path.isEmpty() ? decap(name) : path + "." + decap(name);
      if (name.equals("AdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add((path.isEmpty() ? "" : path + ".") + k));
        }
        continue;
      }
      walk(value, child, out, seen);
    }
  }

  private static String decap(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
