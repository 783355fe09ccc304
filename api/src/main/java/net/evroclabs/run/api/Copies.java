package net.evroclabs.run.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Deep copies of resource parts, so that pure functions never mutate their inputs. */
final class Copies {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Copies() {}

  static <T> T deepCopy(Object value, Class<T> type) {
    return value == null ? null : MAPPER.convertValue(value, type);
  }
}
