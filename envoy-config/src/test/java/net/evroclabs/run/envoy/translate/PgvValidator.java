package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Envoy's protoc-gen-validate rules, as generated into {@code armeria-xds-api}. That jar repeats
 * the {@code io.envoyproxy.envoy.*} classes, so it is loaded in its own class loader (the build
 * copies it and its few dependencies to {@code target/pgv-classpath}); a resource crosses over as
 * bytes and is parsed there. Messages packed in an {@code Any} are validated too, recursively.
 */
final class PgvValidator implements AutoCloseable {

  private static final String INDEX = "com.linecorp.armeria.xds.api.DefaultXdsValidatorIndex";

  private final URLClassLoader loader;
  private final Object index;
  private final Method assertValid;
  private final Map<String, Method> parsers = new ConcurrentHashMap<>();

  private PgvValidator(URLClassLoader loader) throws ReflectiveOperationException {
    this.loader = loader;
    this.index = loader.loadClass(INDEX).getConstructor().newInstance();
    this.assertValid = index.getClass().getMethod("assertValid", Object.class);
  }

  static PgvValidator load() {
    Path dir = Path.of(System.getProperty("pgv.classpath.dir", "target/pgv-classpath"));
    try (Stream<Path> files = Files.list(dir)) {
      List<URL> urls = new ArrayList<>();
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
      if (urls.isEmpty()) {
        throw new IllegalStateException("no jars in " + dir + "; run the build's test phase");
      }
      return new PgvValidator(
          new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load " + INDEX + " from " + dir, e);
    }
  }

  /** Every rule violation in {@code resource} and in the messages packed inside it. */
  List<String> violations(Message resource) {
    List<String> violations = new ArrayList<>();
    check(resource.getDescriptorForType(), resource.toByteArray(), violations);
    walk(resource, violations);
    return violations;
  }

  private void walk(Message message, List<String> violations) {
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<?> values =
          field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        Message nested =
            value instanceof Map.Entry<?, ?> e ? (Message) e.getValue() : (Message) value;
        if (nested.getDescriptorForType().equals(Any.getDescriptor())) {
          unpack(nested, violations);
        } else {
          walk(nested, violations);
        }
      }
    }
  }

  private void unpack(Message any, List<String> violations) {
    Any packed = any instanceof Any a ? a : Any.newBuilder().mergeFrom(any).build();
    String typeName = packed.getTypeUrl().substring(packed.getTypeUrl().lastIndexOf('/') + 1);
    Descriptor type = EnvoyJson.types().find(typeName);
    if (type == null) {
      violations.add("unknown packed type " + packed.getTypeUrl());
      return;
    }
    try {
      DynamicMessage inner = DynamicMessage.parseFrom(type, packed.getValue());
      check(type, packed.getValue().toByteArray(), violations);
      walk(inner, violations);
    } catch (InvalidProtocolBufferException e) {
      violations.add("cannot parse packed " + typeName + ": " + e.getMessage());
    }
  }

  private void check(Descriptor type, byte[] bytes, List<String> violations) {
    try {
      Object message = parser(type).invoke(null, (Object) bytes);
      assertValid.invoke(index, message);
    } catch (InvocationTargetException e) {
      violations.add(type.getFullName() + ": " + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot validate " + type.getFullName(), e);
    }
  }

  private Method parser(Descriptor type) {
    return parsers.computeIfAbsent(
        type.getFullName(),
        name -> {
          try {
            return loader.loadClass(javaClassName(type)).getMethod("parseFrom", byte[].class);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no generated class for " + name, e);
          }
        });
  }

  /** Envoy's protos all use {@code java_multiple_files}; nested types are inner classes. */
  private static String javaClassName(Descriptor type) {
    StringBuilder nested = new StringBuilder(type.getName());
    for (Descriptor outer = type.getContainingType();
        outer != null;
        outer = outer.getContainingType()) {
      nested.insert(0, outer.getName() + "$");
    }
    return type.getFile().getOptions().getJavaPackage() + "." + nested;
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
