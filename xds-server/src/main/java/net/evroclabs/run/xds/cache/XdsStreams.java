package net.evroclabs.run.xds.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.evroclabs.run.envoy.translate.NodeGroup;

/**
 * The open xDS streams. The gRPC layer registers a stream on its first request and removes it when
 * the call ends; the cache finds the stream of the request it is handed through {@link #bind}, as
 * java-control-plane calls the callbacks and then the cache on the same thread for one request.
 */
public final class XdsStreams {

  private static final ThreadLocal<StreamState> CURRENT = new ThreadLocal<>();

  private final ConcurrentHashMap<Long, StreamState> streams = new ConcurrentHashMap<>();
  private final List<Consumer<StreamState>> closeListeners = new CopyOnWriteArrayList<>();

  public StreamState get(long id) {
    return streams.get(id);
  }

  public void open(StreamState stream) {
    streams.put(stream.id(), stream);
  }

  /** Removes a stream; closing one twice or one never opened does nothing. */
  public void close(long id) {
    StreamState s = streams.remove(id);
    if (s != null) {
      closeListeners.forEach(l -> l.accept(s));
    }
  }

  public void onClose(Consumer<StreamState> listener) {
    closeListeners.add(listener);
  }

  public Collection<StreamState> all() {
    return List.copyOf(streams.values());
  }

  public List<StreamState> inGroup(NodeGroup group) {
    List<StreamState> out = new ArrayList<>();
    for (StreamState s : streams.values()) {
      if (s.group() == group) {
        out.add(s);
      }
    }
    return out;
  }

  public long count(NodeGroup group) {
    return streams.values().stream().filter(s -> s.group() == group).count();
  }

  /** Makes {@code stream} the one the current thread's request belongs to. */
  public static void bind(StreamState stream) {
    CURRENT.set(stream);
  }

  /** The stream bound on this thread, or null. */
  public static StreamState bound() {
    return CURRENT.get();
  }
}
