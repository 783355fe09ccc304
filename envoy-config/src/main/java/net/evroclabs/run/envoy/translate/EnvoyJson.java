package net.evroclabs.run.envoy.translate;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/** JSON form of the generated resources, with every type packed in an {@code Any} known. */
public final class EnvoyJson {

  private static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder()
          .add(HttpConnectionManager.getDescriptor())
          .add(Router.getDescriptor())
          .add(RBAC.getDescriptor())
          .add(TlsInspector.getDescriptor())
          .add(DownstreamTlsContext.getDescriptor())
          .add(UpstreamTlsContext.getDescriptor())
          .add(StdoutAccessLog.getDescriptor())
          .add(HttpProtocolOptions.getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3
                  .DownstreamConnectionsConfig.getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig
                  .getDescriptor())
          .build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).sortingMapKeys();
  private static final JsonFormat.Printer PROTO_NAMES_PRINTER = PRINTER.preservingProtoFieldNames();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);

  private EnvoyJson() {}

  /** Every message type the translation packs into an {@code Any}. */
  public static JsonFormat.TypeRegistry types() {
    return TYPES;
  }

  /** Pretty-printed proto3 JSON with sorted map keys (stable for the same message). */
  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "cannot print " + message.getDescriptorForType().getFullName() + " as JSON", e);
    }
  }

  /** Like {@link #print} with the {@code snake_case} field names of Envoy's documentation. */
  public static String printWithProtoNames(Message message) {
    try {
      return PROTO_NAMES_PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "cannot print " + message.getDescriptorForType().getFullName() + " as JSON", e);
    }
  }

  /** Parses proto3 JSON into a builder of the message's type. */
  public static <B extends Message.Builder> B parse(String json, B builder) {
    try {
      PARSER.merge(json, builder);
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "not a valid " + builder.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    }
  }
}
