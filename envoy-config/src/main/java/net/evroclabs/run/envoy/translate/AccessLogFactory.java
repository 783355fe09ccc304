package net.evroclabs.run.envoy.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per request on the gateway's stdout. */
final class AccessLogFactory {

  static final String NAME = "envoy.access_loggers.stdout";

  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("start_time", "%START_TIME%");
    FIELDS.put("authority", "%REQ(:AUTHORITY)%");
    FIELDS.put("method", "%REQ(:METHOD)%");
    FIELDS.put("path", "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%");
    FIELDS.put("protocol", "%PROTOCOL%");
    FIELDS.put("status", "%RESPONSE_CODE%");
    FIELDS.put("flags", "%RESPONSE_FLAGS%");
    FIELDS.put("duration_ms", "%DURATION%");
    FIELDS.put("bytes_received", "%BYTES_RECEIVED%");
    FIELDS.put("bytes_sent", "%BYTES_SENT%");
    FIELDS.put("revision", "%UPSTREAM_CLUSTER%");
    FIELDS.put("upstream", "%UPSTREAM_HOST%");
    FIELDS.put("client", "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%");
    FIELDS.put("user_agent", "%REQ(USER-AGENT)%");
    FIELDS.put("request_id", "%REQ(X-REQUEST-ID)%");
  }

  private static final AccessLog STDOUT_JSON = build();

  private AccessLogFactory() {}

  static AccessLog stdoutJson() {
    return STDOUT_JSON;
  }

  private static AccessLog build() {
    Struct.Builder json = Struct.newBuilder();
    FIELDS.forEach((k, v) -> json.putFields(k, Value.newBuilder().setStringValue(v).build()));
    StdoutAccessLog log =
        StdoutAccessLog.newBuilder()
            .setLogFormat(SubstitutionFormatString.newBuilder().setJsonFormat(json))
            .build();
    return AccessLog.newBuilder().setName(NAME).setTypedConfig(Protos.any(log)).build();
  }
}
