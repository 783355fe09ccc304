package net.evroclabs.run.envoy.bootstrap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes a JSON document as block-style YAML (strings quoted unless plainly safe). */
final class YamlWriter {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
  private static final Set<String> NOT_STRINGS =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

  private YamlWriter() {}

  static String fromJson(String json) {
    StringBuilder out = new StringBuilder();
    JsonElement root = JsonParser.parseString(json);
    if (root.isJsonObject() && !root.getAsJsonObject().isEmpty()) {
      writeObject(root.getAsJsonObject(), 0, out);
    } else {
      out.append(inline(root)).append('\n');
    }
    return out.toString();
  }

  private static void writeObject(JsonObject object, int indent, StringBuilder out) {
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      out.append(" ".repeat(indent)).append(key(e.getKey())).append(':');
      writeValue(e.getValue(), indent, out);
    }
  }

  private static void writeValue(JsonElement value, int indent, StringBuilder out) {
    if (value.isJsonObject() && !value.getAsJsonObject().isEmpty()) {
      out.append('\n');
      writeObject(value.getAsJsonObject(), indent + 2, out);
    } else if (value.isJsonArray() && !value.getAsJsonArray().isEmpty()) {
      out.append('\n');
      writeArray(value.getAsJsonArray(), indent, out);
    } else {
      out.append(' ').append(inline(value)).append('\n');
    }
  }

  private static void writeArray(JsonArray array, int indent, StringBuilder out) {
    for (JsonElement item : array) {
      out.append(" ".repeat(indent)).append("- ");
      if (item.isJsonObject() && !item.getAsJsonObject().isEmpty()) {
        StringBuilder nested = new StringBuilder();
        writeObject(item.getAsJsonObject(), indent + 2, nested);
        out.append(nested.substring(indent + 2));
      } else if (item.isJsonArray() && !item.getAsJsonArray().isEmpty()) {
        out.append('\n');
        writeArray(item.getAsJsonArray(), indent + 2, out);
      } else {
        out.append(inline(item)).append('\n');
      }
    }
  }

  private static String inline(JsonElement value) {
    if (value.isJsonObject()) {
      return "{}";
    }
    if (value.isJsonArray()) {
      return "[]";
    }
    if (value.isJsonNull()) {
      return "null";
    }
    JsonPrimitive p = value.getAsJsonPrimitive();
    if (p.isString()) {
      return key(p.getAsString());
    }
    return p.toString();
  }

  /**
   * Plain when unambiguous, otherwise a JSON (hence YAML double-quoted) string. Words that a YAML
   * 1.1 reader (yaml-cpp, as in Envoy) takes for booleans or null are quoted.
   */
  private static String key(String s) {
    if (PLAIN.matcher(s).matches() && !NOT_STRINGS.contains(s.toLowerCase(Locale.ROOT))) {
      return s;
    }
    return new JsonPrimitive(s).toString();
  }
}
