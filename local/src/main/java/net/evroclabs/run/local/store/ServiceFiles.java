package net.evroclabs.run.local.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.evroclabs.run.api.PlatformConfig;
import net.evroclabs.run.api.Service;
import net.evroclabs.run.api.ServiceValidator;
import net.evroclabs.run.api.Violation;

/**
 * Reads Service YAML exactly as it would be applied to a cluster, and checks it. Pure: text in,
 * Services or every error out.
 */
public final class ServiceFiles {

  /** The namespace of a Service whose YAML names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final String API_VERSION = Service.GROUP + "/" + Service.VERSION;

  /**
   * Rejects fields the resource does not have, as the API server's strict field validation does.
   */
  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES);

  private ServiceFiles() {}

  /**
   * What one file holds.
   *
   * @param services the Services, when the file is valid
   * @param errors every problem, each prefixed with the file name, when it is not
   */
  public record Parsed(List<Service> services, List<String> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** Parses and validates {@code text}, the contents of {@code fileName}. */
  public static Parsed parse(String fileName, String text, PlatformConfig config) {
    List<Service> services = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String[] docs = text.split("(?m)^---\\s*$");
    for (int d = 0; d < docs.length; d++) {
      String doc = docs[d];
      if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      String where = fileName + (docs.length > 1 ? " (document " + (d + 1) + ")" : "");
      Service s;
      try {
        Map<?, ?> raw = STRICT.readValue(doc, Map.class);
        Object apiVersion = raw.get("apiVersion");
        Object kind = raw.get("kind");
        if (!API_VERSION.equals(apiVersion) || !"Service".equals(kind)) {
          errors.add(
              where
                  + ": kind "
                  + kind
                  + " of "
                  + apiVersion
                  + " is not a Service of "
                  + API_VERSION);
          continue;
        }
        s = STRICT.readValue(doc, Service.class);
      } catch (UnrecognizedPropertyException e) {
        errors.add(where + ": unknown field " + path(e) + " (" + e.getPropertyName() + ")");
        continue;
      } catch (JsonProcessingException e) {
        errors.add(where + ": not valid YAML for a Service: " + e.getOriginalMessage());
        continue;
      }
      if (s.getMetadata() == null) {
        s.setMetadata(new ObjectMeta());
      }
      if (s.getMetadata().getNamespace() == null) {
        s.getMetadata().setNamespace(DEFAULT_NAMESPACE);
      }
      List<Violation> violations = ServiceValidator.validate(s, config);
      if (!violations.isEmpty()) {
        violations.forEach(v -> errors.add(where + ": " + v));
        continue;
      }
      s.getMetadata().setUid(uid(s.getMetadata().getNamespace(), s.getMetadata().getName()));
      services.add(s);
    }
    return errors.isEmpty()
        ? new Parsed(List.copyOf(services), List.of())
        : new Parsed(List.of(), List.copyOf(errors));
  }

  /**
   * A stable UID for a local Service, so its iid and URL stay the same across restarts of the
   * platform.
   */
  public static String uid(String namespace, String name) {
    return UUID.nameUUIDFromBytes(
            ("local:" + namespace + "/" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      } else {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }
}
