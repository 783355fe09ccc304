package net.evroclabs.run.activator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Paranoid leak detection that counts what it finds, so that tests can assert zero leaks. Must be
 * installed before the first Netty buffer class loads (a static initializer of each IT).
 */
final class LeakCounter extends ResourceLeakDetectorFactory {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static boolean installed;

  static synchronized void install() {
    if (!installed) {
      installed = true;
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
      ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new LeakCounter());
    }
  }

  /** Collects garbage, makes the detectors look, and fails listing every leak found. */
  static void assertNoLeaks() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      for (int i = 0; i < 256; i++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.release();
      }
    }
    assertThat(LEAKS).as("Netty buffer leaks").isEmpty();
  }

  @Override
  public <T> ResourceLeakDetector<T> newResourceLeakDetector(
      Class<T> resource, int samplingInterval, long maxActive) {
    return new ResourceLeakDetector<>(resource, samplingInterval) {
      @Override
      protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + records);
        super.reportTracedLeak(resourceType, records);
      }

      @Override
      protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType);
        super.reportUntracedLeak(resourceType);
      }
    };
  }
}
