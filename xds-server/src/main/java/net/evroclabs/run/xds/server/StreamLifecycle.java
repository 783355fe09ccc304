package net.evroclabs.run.xds.server;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Ends a stream's registration when its gRPC call ends, however it ends (java-control-plane does
 * not report a cancelled call to its callbacks). The stream id is learned while the call starts:
 * java-control-plane opens the stream on the same thread, inside {@code startCall}.
 */
final class StreamLifecycle implements ServerInterceptor {

  private static final ThreadLocal<AtomicLong> STARTING = new ThreadLocal<>();

  private final LongConsumer onEnd;

  StreamLifecycle(LongConsumer onEnd) {
    this.onEnd = onEnd;
  }

  static void opened(long streamId) {
    AtomicLong holder = STARTING.get();
    if (holder != null) {
      holder.set(streamId);
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    AtomicLong id = new AtomicLong(-1);
    STARTING.set(id);
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } finally {
      STARTING.remove();
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          end();
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          end();
        }
      }

      private void end() {
        long streamId = id.get();
        if (streamId >= 0) {
          onEnd.accept(streamId);
        }
      }
    };
  }
}
